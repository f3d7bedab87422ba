using System.Reflection;

namespace Lyceum.Runner;

/// <summary>A folder feed with Lyceum.Interactive (and the Lyceum.Client it depends on) and the version to load from it.</summary>
/// <param name="Directory">The folder to pass to <c>#i "nuget:…"</c>.</param>
/// <param name="Version">The Lyceum.Interactive version to pin with <c>#r "nuget:Lyceum.Interactive,VERSION"</c>.</param>
internal sealed record ExtensionFeed(string Directory, string Version)
{
    private const string Prefix = "Lyceum.Interactive.";

    /// <summary>The runner's own package version (all our packages share one), without build metadata.</summary>
    public static string RunnerVersion =>
        (typeof(ExtensionFeed).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    /// <summary>
    /// A feed the user packed or downloaded (<c>--extension-feed DIR</c>): the runner's own version when the folder has
    /// it, else the Lyceum.Interactive package packed last.
    /// </summary>
    /// <exception cref="RunnerUsageException">The folder is missing or holds no Lyceum.Interactive package.</exception>
    public static ExtensionFeed FromFolder(string folder, string preferredVersion)
    {
        var full = Path.GetFullPath(folder);
        if (!System.IO.Directory.Exists(full))
        {
            throw new RunnerUsageException($"--extension-feed '{full}' does not exist; give the folder `dotnet pack -o` wrote the packages to.");
        }

        var packages = new DirectoryInfo(full).EnumerateFiles(Prefix + "*.nupkg")
            .Where(f => !f.Name.EndsWith(".symbols.nupkg", StringComparison.OrdinalIgnoreCase))
            .Select(f => (File: f, Version: f.Name[Prefix.Length..^".nupkg".Length]))
            .Where(p => char.IsAsciiDigit(p.Version.FirstOrDefault()))
            .ToList();
        if (packages.Count == 0)
        {
            throw new RunnerUsageException(
                $"--extension-feed '{full}' holds no Lyceum.Interactive package; fill it with " +
                "`dotnet pack LyceumInteractive.sln -o DIR` in the repository (docs/runner.md).");
        }

        var chosen = packages.FirstOrDefault(p => string.Equals(p.Version, preferredVersion, StringComparison.OrdinalIgnoreCase));
        return new ExtensionFeed(full, chosen.File is null ? packages.MaxBy(p => p.File.LastWriteTimeUtc).Version : chosen.Version);
    }
}
