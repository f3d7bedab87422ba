namespace Lyceum.Runner;

/// <summary>The pinned <c>dotnet-interactive</c> tool from the repository's manifest (.config/dotnet-tools.json).</summary>
internal static class InteractiveTool
{
    /// <summary>Runs <c>dotnet tool restore</c> in the repository; the first time this downloads the tool.</summary>
    public static async Task RestoreAsync(string repositoryRoot, CancellationToken cancellationToken = default)
    {
        var manifest = Path.Combine(repositoryRoot, ".config", "dotnet-tools.json");
        if (!File.Exists(manifest))
        {
            throw new RunnerSetupException(
                $"The tool manifest {manifest} is missing; it pins Microsoft.dotnet-interactive. Restore it from the repository.");
        }

        var result = await DotnetCli.RunAsync(repositoryRoot, ["tool", "restore"], cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new RunnerSetupException(
                "Could not restore the pinned dotnet-interactive tool (Microsoft.dotnet-interactive from .config/dotnet-tools.json). " +
                "Check that NuGet is reachable (see `dotnet nuget list source`) and run `dotnet tool restore` in " +
                $"{repositoryRoot} to see the full error. It said:{Environment.NewLine}{result.Tail()}");
        }
    }
}
