using System.Diagnostics;
using System.Text;

namespace Lyceum.Local.Execution;

/// <summary>
/// Runs a process and hands over stdout/stderr chunks as they come (no waiting for newlines);
/// cancellation kills the whole process tree.
/// </summary>
internal static class ProcessRunner
{
    public static async Task<int> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment,
        Action<string, string> onOutput, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        if (environment is not null)
            foreach (var (name, value) in environment)
                startInfo.Environment[name] = value;

        using var process = new Process { StartInfo = startInfo };
        process.Start();
        process.StandardInput.Close();
        var stdout = PumpAsync(process.StandardOutput.BaseStream, "stdout", onOutput);
        var stderr = PumpAsync(process.StandardError.BaseStream, "stderr", onOutput);
        using (cancellationToken.Register(() => KillTree(process)))
        {
            await process.WaitForExitAsync(CancellationToken.None);
            await Task.WhenAll(stdout, stderr);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return process.ExitCode;
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

    private static async Task PumpAsync(Stream stream, string name, Action<string, string> onOutput)
    {
        var decoder = new UTF8Encoding(false).GetDecoder();
        var bytes = new byte[16 * 1024];
        var chars = new char[bytes.Length + 4];
        int read;
        while ((read = await stream.ReadAsync(bytes)) > 0)
        {
            var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            if (count > 0)
                onOutput(name, new string(chars, 0, count));
        }
        var rest = decoder.GetChars([], 0, 0, chars, 0, flush: true);
        if (rest > 0)
            onOutput(name, new string(chars, 0, rest));
    }

    private static void KillTree(Process process)
    {
        try
        {
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
