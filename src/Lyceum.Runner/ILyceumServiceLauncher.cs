namespace Lyceum.Runner;

/// <summary>Starts the Lyceum service a run uses when no URL was given.</summary>
internal interface ILyceumServiceLauncher
{
    Task<LyceumEndpoint> StartAsync(Action<string> log, CancellationToken cancellationToken = default);
}
