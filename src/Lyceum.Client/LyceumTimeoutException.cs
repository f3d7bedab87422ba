namespace Lyceum.Client;

/// <summary>The service did not answer in time (after the retries the client was allowed). Not raised when the caller
/// cancels: that stays an <see cref="OperationCanceledException"/>.</summary>
public sealed class LyceumTimeoutException : LyceumTransportException
{
    /// <summary>Creates the exception.</summary>
    public LyceumTimeoutException(string message, TimeSpan? timeout = null, string? host = null, Exception? innerException = null)
        : base(message, host, innerException) =>
        Timeout = timeout;

    /// <summary>The limit that was reached, when known (<see cref="LyceumClientOptions.NetworkTimeout"/> for one request).</summary>
    public TimeSpan? Timeout { get; }
}
