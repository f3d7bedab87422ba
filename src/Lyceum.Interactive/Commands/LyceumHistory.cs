using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum history</c>: past runs with their cost.</summary>
public sealed class LyceumHistory : KernelCommand
{
    /// <summary>--limit: how many runs (1–500, default 20). Text, so a typo gets a clear message, not a JSON error.</summary>
    public string? Limit { get; set; }

    /// <summary>--offset: how many of the newest runs to skip (default 0).</summary>
    public string? Offset { get; set; }
}
