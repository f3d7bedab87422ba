using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum abort ID</c>: stops a run.</summary>
public sealed class LyceumAbort : KernelCommand
{
    /// <summary>The run's execution id.</summary>
    public string? ExecutionId { get; set; }
}
