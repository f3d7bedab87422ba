namespace Lyceum.Runner;

/// <summary>Finds this repository, when the runner runs inside it: then the extension is packed from its source.</summary>
internal static class RepositoryRoot
{
    public const string Marker = "LyceumInteractive.sln";

    /// <summary>
    /// <paramref name="explicitRoot"/> (which must hold the marker), else the first of <paramref name="startFolders"/>
    /// that has the marker in it or above it; null when the runner runs outside the repository.
    /// </summary>
    public static string? Find(string? explicitRoot, params string?[] startFolders)
    {
        if (explicitRoot is not null)
        {
            var full = Path.GetFullPath(explicitRoot);
            return File.Exists(Path.Combine(full, Marker))
                ? full
                : throw new RunnerUsageException($"--repo-root '{full}' has no {Marker}; point it at the repository's top folder.");
        }

        return startFolders.OfType<string>().Select(FindAbove).FirstOrDefault(found => found is not null);
    }

    internal static string? FindAbove(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Marker)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
