namespace Lyceum.Client;

/// <summary>The output stream is flowing again after an outage (announced by <see cref="ExecutionReconnecting"/>).</summary>
/// <param name="Attempts">How many attempts it took.</param>
/// <param name="Offline">How long the stream was down.</param>
public sealed record ExecutionReconnected(int Attempts, TimeSpan Offline) : ExecutionEvent;
