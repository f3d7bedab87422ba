using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum download KEY</c>: downloads a stored file.</summary>
public sealed class LyceumDownload : KernelCommand
{
    /// <summary>The storage key.</summary>
    public string? Key { get; set; }

    /// <summary>--to: the local path (default: the key's file name in the current folder).</summary>
    public string? To { get; set; }
}
