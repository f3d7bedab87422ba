namespace Lyceum.Local.Execution;

/// <summary>
/// The interpreter runs use. A launcher script on PATH (pyenv's shim is a bash script that costs ~200 ms a start) is
/// resolved once to the real executable it picks, so each run starts Python directly.
/// </summary>
internal sealed class PythonInterpreter(string configured)
{
    private readonly Lazy<Task<string>> _resolved = new(() => ResolveAsync(configured));

    public Task<string> PathAsync() => _resolved.Value;

    private static async Task<string> ResolveAsync(string configured)
    {
        var found = Path.IsPathRooted(configured) ? configured : FindOnPath(configured);
        if (found is null || !IsScript(found))
            return configured;
        try
        {
            var (code, output) = await ProcessRunner.CaptureAsync(found, ["-c", "import sys; print(sys.executable)"], null, TimeSpan.FromSeconds(30));
            var executable = output.Trim();
            return code == 0 && File.Exists(executable) ? executable : configured;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return configured;
        }
    }

    private static bool IsScript(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            return file.ReadByte() == '#' && file.ReadByte() == '!';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
