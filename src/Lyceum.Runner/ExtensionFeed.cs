using System.Globalization;
using System.Security.Cryptography;

namespace Lyceum.Runner;

/// <summary>
/// A folder feed holding Lyceum.Client and Lyceum.Interactive packed from the working tree with a version
/// no earlier run used, so neither NuGet's global folder nor the host's resolution cache can serve a stale build.
/// </summary>
internal sealed class ExtensionFeed : IDisposable
{
    private ExtensionFeed(string directory, string version)
    {
        Directory = directory;
        Version = version;
    }

    /// <summary>The folder to pass to <c>#i "nuget:…"</c>.</summary>
    public string Directory { get; }

    /// <summary>The version both packages were packed with.</summary>
    public string Version { get; }

    /// <summary>A prerelease version unique to this moment: 0.1.0-local.&lt;yyyyMMddHHmmss&gt;.r&lt;hex&gt;.</summary>
    public static string NewVersion(DateTimeOffset now) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"0.1.0-local.{now.UtcDateTime:yyyyMMddHHmmss}.r{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}");

    /// <summary>Packs the extension and the client into a new temporary feed.</summary>
    public static async Task<ExtensionFeed> PackAsync(string repositoryRoot, CancellationToken cancellationToken = default)
    {
        var version = NewVersion(DateTimeOffset.UtcNow);
        var directory = Path.Combine(Path.GetTempPath(), "lyceum-runner", "feed-" + version);
        System.IO.Directory.CreateDirectory(directory);
        var feed = new ExtensionFeed(directory, version);
        try
        {
            // The extension depends on Lyceum.Client of the same version, so both must be in the feed.
            await PackProjectAsync(repositoryRoot, "Lyceum.Interactive", directory, version, noBuild: false, cancellationToken);
            await PackProjectAsync(repositoryRoot, "Lyceum.Client", directory, version, noBuild: true, cancellationToken);
            return feed;
        }
        catch
        {
            feed.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary feed is harmless; the next run uses a new version anyway.
        }
    }

    private static async Task PackProjectAsync(
        string repositoryRoot, string project, string output, string version, bool noBuild, CancellationToken cancellationToken)
    {
        var projectPath = Path.Combine(repositoryRoot, "src", project, project + ".csproj");
        string[] arguments = ["pack", projectPath, "-o", output, "-p:Version=" + version, "-nologo", "-v:q"];
        if (noBuild)
        {
            // Packing Lyceum.Interactive just built Lyceum.Client with the same version.
            arguments = [.. arguments, "--no-build"];
        }

        var result = await DotnetCli.RunAsync(repositoryRoot, arguments, cancellationToken);
        if (result.ExitCode != 0 && noBuild)
        {
            result = await DotnetCli.RunAsync(repositoryRoot, arguments[..^1], cancellationToken);
        }

        if (result.ExitCode != 0)
        {
            throw new RunnerSetupException(
                $"Could not pack {project} from {projectPath} (`dotnet pack` exited {result.ExitCode}); " +
                $"fix the build and run again. It said:{Environment.NewLine}{result.Tail()}");
        }
    }
}
