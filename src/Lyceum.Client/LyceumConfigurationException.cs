namespace Lyceum.Client;

/// <summary>The client cannot be configured: no credential was found, or a setting is invalid.
/// The message says what to set.</summary>
public sealed class LyceumConfigurationException : LyceumException
{
    /// <summary>Creates the exception.</summary>
    public LyceumConfigurationException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}
