using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum attach ID</c>: replays a run's output so far and follows it into the cell.</summary>
public sealed class LyceumAttach : KernelCommand
{
    /// <summary>The run's execution id.</summary>
    public string? ExecutionId { get; set; }
}
