namespace Lyceum.Interactive;

/// <summary>A magic command or cell could not do what was asked; the message says what to do instead.</summary>
public sealed class LyceumCommandException : Exception
{
    /// <summary>A failure with a message for the user.</summary>
    public LyceumCommandException(string message)
        : base(message)
    {
    }

    /// <summary>A failure with a message for the user and its cause.</summary>
    public LyceumCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
