using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum keys</c>: lists API keys; creates, deletes or turns one on/off.</summary>
public sealed class LyceumKeys : KernelCommand
{
    /// <summary>--create: the name of a new key (its secret is shown once).</summary>
    public string? Create { get; set; }

    /// <summary>--delete: the id of a key to delete.</summary>
    public string? Delete { get; set; }

    /// <summary>--toggle: the id of a key to turn on or off.</summary>
    public string? Toggle { get; set; }
}
