namespace Lyceum.Client;

/// <summary>Which output stream of the remote process a fragment came from.</summary>
public enum OutputStreamKind
{
    /// <summary>Standard output.</summary>
    Stdout,

    /// <summary>Standard error.</summary>
    Stderr,
}
