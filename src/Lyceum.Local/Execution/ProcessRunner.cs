using System.Diagnostics;
using System.Text;

namespace Lyceum.Local.Execution;

/// <summary>
/// Runs a process and hands over stdout/stderr chunks as they come (no waiting for newlines);
/// cancellation kills the whole process tree (for an isolated process: its whole process group).
/// </summary>
internal static class ProcessRunner
{
    /// <summary>
    /// Runs <paramref name="fileName"/>. With <paramref name="isolation"/> the process gets exactly that environment
    /// (nothing of the server's), its own process group, and dies with the server where the OS allows it.
    /// </summary>
    public static async Task<int> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment,
        Action<string, string> onOutput, CancellationToken cancellationToken = default, ProcessIsolation? isolation = null)
    {
        var command = isolation is null ? [fileName, .. arguments] : ProcessGroups.Wrap(Resolve(fileName, environment), arguments);
        var startInfo = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
            startInfo.ArgumentList.Add(argument);
        if (isolation is not null)
            startInfo.Environment.Clear();
        if (environment is not null)
            foreach (var (name, value) in environment)
                startInfo.Environment[name] = value;

        using var process = new Process { StartInfo = startInfo };
        if (isolation is null)
            process.Start();
        else
        {
            await ProcessGroups.StartAsync(process);
            if (isolation.Started is { } started)
                await started(process.Id);
        }
        process.StandardInput.Close();
        var output = OutputPipes.ReadAsync(process, onOutput);
        using (cancellationToken.Register(() => Kill(process, isolation is not null)))
        {
            await process.WaitForExitAsync(CancellationToken.None);
            // An isolated run's leftovers (a background child holding the pipes) go with it: the run is over.
            if (isolation is not null)
                ProcessGroups.KillGroup(process.Id);
            await output;
        }
        cancellationToken.ThrowIfCancellationRequested();
        return process.ExitCode;
    }

    /// <summary>
    /// The program's full path: behind the process-group wrapper a missing program would only show as exit code 127,
    /// so it is looked up first (on the PATH the process gets) and a missing one is a platform failure with its name.
    /// </summary>
    private static string Resolve(string fileName, IReadOnlyDictionary<string, string?>? environment)
    {
        if (fileName.Contains(Path.DirectorySeparatorChar))
            return File.Exists(fileName) ? fileName : throw new RunPlatformException($"Cannot start '{fileName}': no such file; check --python.");
        var path = environment?.GetValueOrDefault("PATH") ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, fileName)).FirstOrDefault(File.Exists)
            ?? throw new RunPlatformException($"Cannot start '{fileName}': it is not on the PATH; check --python.");
    }

    /// <summary>Runs a short helper command and returns its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> CaptureAsync(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout)
    {
        var output = new StringBuilder();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var code = await RunAsync(fileName, arguments, Environment.CurrentDirectory, environment, (_, text) => { lock (output) output.Append(text); }, cts.Token);
            return (code, output.ToString());
        }
        catch (OperationCanceledException)
        {
            return (-1, $"no answer within {timeout.TotalSeconds:0} s");
        }
    }

    private static void Kill(Process process, bool group)
    {
        try
        {
            if (group && ProcessGroups.KillGroup(process.Id))
                return;
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting while we kill.
        }
    }
}
