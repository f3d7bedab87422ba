using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum history</c>: past runs with their cost.</summary>
public sealed class LyceumHistory : KernelCommand
{
    /// <summary>--limit: how many runs (default 20).</summary>
    public int Limit { get; set; } = 20;

    /// <summary>--offset: how many of the newest runs to skip.</summary>
    public int Offset { get; set; }
}
