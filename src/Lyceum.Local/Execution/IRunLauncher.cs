namespace Lyceum.Local.Execution;

/// <summary>Starts what a run executes (a Python file, a container) and returns its exit code.</summary>
internal interface IRunLauncher
{
    Task<int> RunAsync(LiveRun run, CancellationToken cancellationToken = default);
}
