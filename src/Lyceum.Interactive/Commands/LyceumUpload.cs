using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum upload PATH</c>: uploads a local file to storage.</summary>
public sealed class LyceumUpload : KernelCommand
{
    /// <summary>The local file.</summary>
    public string? Path { get; set; }

    /// <summary>--key: the storage key (default: the file's name).</summary>
    public string? Key { get; set; }
}
