namespace Lyceum.Runner;

/// <summary>Finds the repository whose tool manifest and extension project the runner uses.</summary>
internal static class RepositoryRoot
{
    public const string Marker = "LyceumInteractive.sln";

    /// <summary>The first of <paramref name="startFolders"/> that has the marker in it or above it.</summary>
    public static string Locate(string? explicitRoot, params string?[] startFolders)
    {
        if (explicitRoot is not null)
        {
            var full = Path.GetFullPath(explicitRoot);
            return File.Exists(Path.Combine(full, Marker))
                ? full
                : throw new RunnerUsageException($"--repo-root '{full}' has no {Marker}; point it at the repository's top folder.");
        }

        foreach (var start in startFolders)
        {
            if (start is not null && FindAbove(start) is { } found)
            {
                return found;
            }
        }

        throw new RunnerUsageException(
            $"Could not find the repository (a folder with {Marker}) above {string.Join(" or ", startFolders.Where(s => s is not null))}. " +
            "Run from inside the repository or pass --repo-root DIR.");
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
