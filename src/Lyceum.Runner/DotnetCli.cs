using System.Diagnostics;
using System.Text;

namespace Lyceum.Runner;

/// <summary>Runs a short-lived <c>dotnet</c> command (tool restore, pack) and keeps what it printed.</summary>
internal static class DotnetCli
{
    /// <summary>The exit code and the combined stdout/stderr of one command.</summary>
    public sealed record Result(int ExitCode, string Output)
    {
        /// <summary>The last lines, enough to show why a command failed without flooding the terminal.</summary>
        public string Tail(int lines = 30) =>
            string.Join(Environment.NewLine, Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).TakeLast(lines));
    }

    public static async Task<Result> RunAsync(
        string workingDirectory,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken = default)
    {
        var start = StartInfo(workingDirectory, arguments);
        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);

        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new RunnerSetupException($"Could not start 'dotnet': {e.Message}. Install the .NET 10 SDK and put 'dotnet' on PATH.", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        lock (output)
        {
            return new Result(process.ExitCode, output.ToString());
        }
    }

    /// <summary>A <c>dotnet</c> invocation with redirected output and the CLI's banners and telemetry off.</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return start;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
