using System.Diagnostics;
using System.Text;

namespace Lyceum.Local.Tests.Infrastructure;

/// <summary>Lyceum Local as a separate process (the real command line), for crashes, signals and its printed lines.</summary>
internal sealed class ChildServer : IDisposable
{
    private const string ReadyPrefix = "Lyceum Local listening on ";
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();

    private ChildServer(Process process) => _process = process;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public int Pid => _process.Id;

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    public static string Dll => typeof(LyceumLocalServer).Assembly.Location;

    public static Task<ChildServer> StartAsync(string dataDirectory, params string[] extra) => StartAsync(dataDirectory, null, extra);

    /// <summary>Starts the command line with these variables added to its environment.</summary>
    public static async Task<ChildServer> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment, params string[] extra)
    {
        var process = Start(["--urls", "http://127.0.0.1:0", "--data-dir", dataDirectory, "--no-rate-limits", .. extra], environment);
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = new ChildServer(process);
        var lines = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException($"Lyceum Local exited before it was ready: {lines}"));
                return;
            }
            lock (server._stdout) server._stdout.AppendLine(e.Data);
            lock (lines) lines.AppendLine(e.Data);
            if (e.Data.StartsWith(ReadyPrefix, StringComparison.Ordinal))
                ready.TrySetResult(new Uri(e.Data[ReadyPrefix.Length..]));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        server.BaseUrl = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return server;
    }

    /// <summary>Runs the command line to its end and returns exit code and stdout.</summary>
    public static async Task<(int ExitCode, string Stdout)> RunToEndAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, stdout);
    }

    public HttpClient Client(string bearer)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        return client;
    }

    /// <summary>Kills the server alone with SIGKILL, as a crash or the OOM killer would: its run processes are not touched.</summary>
    public void Crash()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
            await kill.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            Crash();
        _process.Dispose();
    }

    private static Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        return Process.Start(info)!;
    }
}
