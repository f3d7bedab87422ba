namespace Lyceum.Client;

/// <summary>What <see cref="LyceumClient.RunAsync"/> returns: how the run ended and all of its output.</summary>
/// <param name="ExecutionId">The run's id.</param>
/// <param name="Finished">The terminal event.</param>
/// <param name="Stdout">Everything written to stdout, in order.</param>
/// <param name="Stderr">Everything written to stderr, in order.</param>
public sealed record ExecutionResult(string ExecutionId, ExecutionFinished Finished, string Stdout, string Stderr)
{
    /// <summary>True when the run completed successfully.</summary>
    public bool Succeeded => Finished.Succeeded;
}
