namespace Lyceum.Runner;

/// <summary>
/// The runner's own folder for what it keeps between runs: the pinned host's tool manifest (when run outside the
/// repository) and the extension feeds packed from source. <c>LYCEUM_RUNNER_HOME</c> moves it.
/// </summary>
internal static class RunnerHome
{
    /// <summary>The environment variable that overrides the folder.</summary>
    public const string Variable = "LYCEUM_RUNNER_HOME";

    /// <summary><c>$LYCEUM_RUNNER_HOME</c>, else the user's cache folder (<c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>;
    /// LocalApplicationData on Windows) + <c>lyceum-runner</c>.</summary>
    public static string Folder(Func<string, string?> environment)
    {
        if (environment(Variable) is { Length: > 0 } explicitFolder)
        {
            return Path.GetFullPath(explicitFolder);
        }

        var cache = OperatingSystem.IsWindows()
            ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : environment("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "lyceum-runner");
    }
}
