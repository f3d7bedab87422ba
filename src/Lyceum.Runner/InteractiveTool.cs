using System.Reflection;

namespace Lyceum.Runner;

/// <summary>
/// The pinned <c>dotnet-interactive</c> tool: from the repository's manifest (.config/dotnet-tools.json) inside the
/// repository, else from a copy of that manifest the runner carries, kept in its home folder.
/// </summary>
internal static class InteractiveTool
{
    private const string ManifestResource = "Lyceum.Runner.dotnet-tools.json";

    /// <summary>The manifest the runner was built with; it pins Microsoft.dotnet-interactive.</summary>
    public static string PinnedManifest
    {
        get
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ManifestResource)
                ?? throw new InvalidOperationException($"The runner was built without its {ManifestResource} resource.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>
    /// Restores the tool and returns the folder to run <c>dotnet tool run dotnet-interactive</c> from: the repository,
    /// or <c>HOME/host</c> with the carried manifest when there is no repository.
    /// </summary>
    public static async Task<string> PrepareAsync(string? repositoryRoot, string runnerHome, CancellationToken cancellationToken = default)
    {
        var folder = repositoryRoot ?? WriteCarriedManifest(runnerHome);
        await RestoreAsync(folder, cancellationToken);
        return folder;
    }

    /// <summary>Writes the carried manifest to <c>HOME/host/.config/dotnet-tools.json</c> (again only when it changed).</summary>
    internal static string WriteCarriedManifest(string runnerHome)
    {
        var folder = Path.Combine(runnerHome, "host");
        var manifest = Path.Combine(folder, ".config", "dotnet-tools.json");
        var pinned = PinnedManifest;
        if (!File.Exists(manifest) || File.ReadAllText(manifest) != pinned)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(manifest)!);
            File.WriteAllText(manifest, pinned);
        }

        return folder;
    }

    /// <summary>Runs <c>dotnet tool restore</c> in <paramref name="folder"/>; the first time this downloads the tool.</summary>
    public static async Task RestoreAsync(string folder, CancellationToken cancellationToken = default)
    {
        var manifest = Path.Combine(folder, ".config", "dotnet-tools.json");
        if (!File.Exists(manifest))
        {
            throw new RunnerSetupException(
                $"The tool manifest {manifest} is missing; it pins Microsoft.dotnet-interactive. Restore it from the repository.");
        }

        var result = await DotnetCli.RunAsync(folder, ["tool", "restore"], cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new RunnerSetupException(
                "Could not restore the pinned dotnet-interactive tool (Microsoft.dotnet-interactive from .config/dotnet-tools.json). " +
                "Check that NuGet is reachable (see `dotnet nuget list source`) and run `dotnet tool restore` in " +
                $"{folder} to see the full error. It said:{Environment.NewLine}{result.Tail()}");
        }
    }
}
