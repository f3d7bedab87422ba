using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum delete KEY</c>: deletes a stored file, or with --folder everything under a prefix.</summary>
public sealed class LyceumDelete : KernelCommand
{
    /// <summary>The storage key or prefix.</summary>
    public string? Key { get; set; }

    /// <summary>--folder: delete every file under KEY as a prefix.</summary>
    public bool Folder { get; set; }
}
