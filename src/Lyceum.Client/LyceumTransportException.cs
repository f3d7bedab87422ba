namespace Lyceum.Client;

/// <summary>The service could not be reached, or the connection to it broke before the answer was complete
/// (refused, reset, DNS, TLS, a WebSocket that dropped). The message is one sentence saying what happened and what to
/// check; the original exception is the <see cref="Exception.InnerException"/>.</summary>
public class LyceumTransportException : LyceumException
{
    /// <summary>Creates the exception.</summary>
    public LyceumTransportException(string message, string? host = null, Exception? innerException = null) : base(message, innerException) =>
        Host = host;

    /// <summary>The host the client was talking to, when known (e.g. <c>api.lyceum.technology</c>).</summary>
    public string? Host { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
