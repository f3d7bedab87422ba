namespace Lyceum.Client;

/// <summary>The base of every error the SDK raises: <see cref="LyceumApiException"/> (the service refused or failed a
/// request), <see cref="LyceumTransportException"/> (the service could not be reached, or the connection broke),
/// <see cref="LyceumTimeoutException"/> (no answer in time), <see cref="LyceumStreamException"/> (a run's output was
/// lost for good) and <see cref="LyceumConfigurationException"/> (a credential or setting is missing or wrong).
/// Catch this type to handle every Lyceum failure; the caller's own cancellation stays an
/// <see cref="OperationCanceledException"/>.</summary>
public abstract class LyceumException : Exception
{
    /// <summary>Creates the exception with a message a user can act on.</summary>
    protected LyceumException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }

    /// <summary>True when trying the same call again later may succeed (a network failure, a timeout, a busy or
    /// failing service); false when something must change first.</summary>
    public virtual bool IsTransient => false;
}
