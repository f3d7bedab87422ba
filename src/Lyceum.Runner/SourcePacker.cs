using System.Security.Cryptography;
using System.Text;

namespace Lyceum.Runner;

/// <summary>
/// Packs Lyceum.Client and Lyceum.Interactive from the repository into a feed named by a hash of their sources, and
/// reuses that feed while the sources stay the same. The version carries the hash, so NuGet's global folder and the
/// host's resolution cache (both keyed by version) can never serve a build of other sources.
/// </summary>
internal static class SourcePacker
{
    /// <summary>The projects packed, the extension's dependency first.</summary>
    public static readonly string[] Projects = ["Lyceum.Client", "Lyceum.Interactive"];

    /// <summary>Files outside the two projects that change what they pack into.</summary>
    private static readonly string[] SharedInputs =
        ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "NuGet.config", "nuget.config",
         "docs/images/package-icon.png"];

    private const int FeedsKept = 5;

    /// <summary>A short hex hash of every input file's path and bytes (build output in bin/ and obj/ left out).</summary>
    public static string Fingerprint(string repositoryRoot)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var relative in Inputs(repositoryRoot))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(relative + "\0"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(repositoryRoot, relative)));
            hash.AppendData("\0"u8);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    /// <summary>The version a pack of these sources gets: the runner's release, then <c>-src-</c> and the hash.</summary>
    public static string VersionFor(string fingerprint) => $"{ExtensionFeed.RunnerVersion.Split('-')[0]}-src-{fingerprint}";

    /// <summary>The feed of the current sources: reused when packed before, otherwise packed now (10-15 s).</summary>
    public static async Task<(ExtensionFeed Feed, bool Reused)> GetOrPackAsync(
        string repositoryRoot, string runnerHome, CancellationToken cancellationToken = default)
    {
        var version = VersionFor(Fingerprint(repositoryRoot));
        var feeds = Path.Combine(runnerHome, "feeds");
        var folder = Path.Combine(feeds, version);
        var feed = new ExtensionFeed(folder, version);
        if (IsComplete(feed))
        {
            Directory.SetLastWriteTimeUtc(folder, DateTime.UtcNow);
            return (feed, true);
        }

        // Pack beside the final folder and move it into place in one step, so a run that stops half way, or another
        // run packing the same sources at the same moment, never leaves a feed with one package.
        var staging = Directory.CreateDirectory($"{folder}.tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}").FullName;
        try
        {
            await PackProjectAsync(repositoryRoot, "Lyceum.Interactive", staging, version, noBuild: false, cancellationToken);
            await PackProjectAsync(repositoryRoot, "Lyceum.Client", staging, version, noBuild: true, cancellationToken);
            if (Directory.Exists(folder) && !IsComplete(feed))
            {
                Directory.Delete(folder, recursive: true);
            }

            if (!Directory.Exists(folder))
            {
                Directory.Move(staging, folder);
            }
        }
        catch (IOException) when (IsComplete(feed))
        {
            // Another run packed the same sources first; its feed is as good as ours.
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        Prune(feeds);
        return (feed, false);
    }

    /// <summary>Both packages of the feed's version are in its folder.</summary>
    public static bool IsComplete(ExtensionFeed feed) =>
        Projects.All(p => File.Exists(Path.Combine(feed.Directory, $"{p}.{feed.Version}.nupkg")));

    internal static IEnumerable<string> Inputs(string repositoryRoot)
    {
        var files = new List<string>();
        foreach (var project in Projects)
        {
            var folder = Path.Combine(repositoryRoot, "src", project);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            files.AddRange(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(repositoryRoot, f).Replace('\\', '/'))
                .Where(f => !f.Split('/').Any(part => part is "bin" or "obj")));
        }

        files.AddRange(SharedInputs.Where(f => File.Exists(Path.Combine(repositoryRoot, f))));
        return files.Distinct().Order(StringComparer.Ordinal);
    }

    /// <summary>Keeps the few feeds used last; older ones are sources nobody has any more.</summary>
    private static void Prune(string feeds)
    {
        foreach (var old in new DirectoryInfo(feeds).EnumerateDirectories()
                     .Where(d => !d.Name.Contains(".tmp-", StringComparison.Ordinal))
                     .OrderByDescending(d => d.LastWriteTimeUtc).Skip(FeedsKept))
        {
            try
            {
                old.Delete(recursive: true);
            }
            catch (IOException)
            {
                // In use by a run right now; the next run prunes it.
            }
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
