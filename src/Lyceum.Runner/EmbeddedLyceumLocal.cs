namespace Lyceum.Runner;

/// <summary>Lyceum Local in this process, on a free loopback port with a temporary data folder.</summary>
internal sealed class EmbeddedLyceumLocal : ILyceumServiceLauncher
{
    public Task<LyceumEndpoint> StartAsync(Action<string> log, CancellationToken cancellationToken = default) =>
        throw new RunnerSetupException(
            "This build has no embedded Lyceum Local yet; pass --url URL --api-key KEY (or set LYCEUM_API_URL and LYCEUM_API_KEY).");
}
