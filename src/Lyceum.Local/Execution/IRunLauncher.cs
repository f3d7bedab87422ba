namespace Lyceum.Local.Execution;

/// <summary>Starts what a run executes (a Python file, a container) and returns its exit code.</summary>
internal interface IRunLauncher
{
    Task<int> RunAsync(LiveRun run, CancellationToken cancellationToken = default);

    /// <summary>
    /// The longest this launcher may prepare before the run's own code starts (a requirements install, bounded by its own
    /// limit); the run's timeout then starts with the code (the launcher calls <see cref="LiveRun.StartTimeout"/>).
    /// Zero: the timeout starts with the run.
    /// </summary>
    TimeSpan Preparation => TimeSpan.Zero;
}
