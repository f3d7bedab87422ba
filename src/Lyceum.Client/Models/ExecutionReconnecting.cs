namespace Lyceum.Client;

/// <summary>The output stream broke (or fell silent while the run moved on) and the client is about to reconnect.
/// Nothing is lost: the stream resumes after the last sequence number received. A UI shows
/// "reconnecting (12 s)" from <see cref="Offline"/>; an <see cref="ExecutionReconnected"/> follows when data flows
/// again.</summary>
/// <param name="Attempt">Which reconnect attempt comes next (1, 2, …) in this outage.</param>
/// <param name="Offline">How long the stream has been down (since the last byte arrived).</param>
/// <param name="RetryIn">How long the client waits before the attempt.</param>
/// <param name="Reason">One sentence on what happened, e.g. "the connection broke".</param>
public sealed record ExecutionReconnecting(int Attempt, TimeSpan Offline, TimeSpan RetryIn, string Reason) : ExecutionEvent;
