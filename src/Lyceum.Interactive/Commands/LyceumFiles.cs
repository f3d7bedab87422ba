using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum files</c>: the files in storage.</summary>
public sealed class LyceumFiles : KernelCommand
{
    /// <summary>--prefix: only keys starting with this.</summary>
    public string? Prefix { get; set; }
}
