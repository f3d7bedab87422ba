using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Lyceum.Runner;

/// <summary>
/// The real notebook host, <c>dotnet tool run dotnet-interactive -- [vscode] stdio</c>, started from the folder whose tool
/// manifest pins it (the repository, or the runner's home outside it). <c>[vscode]</c> starts it as VS Code does: the
/// host then sends a cell's input prompts (<c>@password:</c>, <c>@input:</c>) to its frontend, the runner, instead of
/// failing the cell with a stack trace. Commands go in as JSON lines on stdin; events come back as JSON lines on stdout.
/// </summary>
internal sealed class StdioKernelHost : IKernelConnection, IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<HostMessage> _messages = Channel.CreateUnbounded<HostMessage>(new() { SingleReader = true });
    private readonly Queue<string> _stderrTail = new();
    private readonly Action<string>? _protocolLog;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;

    private StdioKernelHost(Process process, Action<string>? protocolLog)
    {
        _process = process;
        _protocolLog = protocolLog;
        _stdoutPump = Task.Run(PumpStdoutAsync);
        _stderrPump = Task.Run(PumpStderrAsync);
    }

    /// <summary>Everything the host wrote on stdout that parsed as a message; completes when the host exits.</summary>
    public ChannelReader<HostMessage> Messages => _messages.Reader;

    public bool HasExited => _process.HasExited;

    /// <summary>The host's last stderr lines, to explain a crash.</summary>
    public string StderrTail
    {
        get
        {
            lock (_stderrTail)
            {
                return string.Join(Environment.NewLine, _stderrTail);
            }
        }
    }

    /// <summary>Starts the host and waits for its KernelReady event.</summary>
    public static async Task<StdioKernelHost> StartAsync(
        string toolFolder,
        string workingDirectory,
        IReadOnlyDictionary<string, string?> environment,
        TimeSpan readyTimeout,
        Action<string>? protocolLog = null,
        CancellationToken cancellationToken = default)
    {
        // `dotnet tool run` finds the manifest from the working directory; the kernel itself runs in the notebook's folder.
        // The "[vscode]" directive makes the host route RequestInput to us (see HostRequests).
        var start = DotnetCli.StartInfo(
            toolFolder,
            ["tool", "run", "dotnet-interactive", "--", "[vscode]", "stdio", "--default-kernel", "csharp", "--working-dir", workingDirectory]);
        start.RedirectStandardInput = true;
        start.StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        start.StandardOutputEncoding = Encoding.UTF8;
        start.StandardErrorEncoding = Encoding.UTF8;

        // Without these the first run prints a welcome banner and sends telemetry.
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            throw new RunnerSetupException($"Could not start 'dotnet tool run dotnet-interactive': {e.Message}. Install the .NET 10 SDK.", e);
        }

        var host = new StdioKernelHost(process, protocolLog);
        try
        {
            await host.WaitForReadyAsync(readyTimeout, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async Task SendAsync(string line, CancellationToken cancellationToken = default)
    {
        _protocolLog?.Invoke(">> " + line);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _process.StandardInput.WriteLineAsync(line.AsMemory(), cancellationToken);
            await _process.StandardInput.FlushAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw new RunnerSetupException($"The dotnet-interactive host stopped accepting commands: {e.Message}{StderrSuffix()}", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await SendAsync(KernelCommands.Quit());
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or RunnerSetupException or InvalidOperationException)
            {
                // It did not quit politely; end it and the process it runs the tool in.
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        await Task.WhenAll(_stdoutPump, _stderrPump);
        _process.Dispose();
        _writeLock.Dispose();
    }

    public string DescribeExit() =>
        (_process.HasExited ? $" (exit code {_process.ExitCode})" : "") + StderrSuffix();

    internal string StderrSuffix() =>
        StderrTail is { Length: > 0 } tail ? $"{Environment.NewLine}Its last stderr lines:{Environment.NewLine}{tail}" : "";

    private async Task WaitForReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (await _messages.Reader.WaitToReadAsync(deadline.Token))
            {
                while (_messages.Reader.TryRead(out var message))
                {
                    if (message.EventType == "KernelReady")
                    {
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RunnerSetupException(
                $"dotnet-interactive did not report KernelReady within {timeout.TotalSeconds:0} s; run with --verbose to see what it printed.{StderrSuffix()}");
        }

        throw new RunnerSetupException(
            $"dotnet-interactive exited before it was ready (exit code {ExitCodeText()}). " +
            $"Try `dotnet tool restore` in {_process.StartInfo.WorkingDirectory}, then run again with --verbose.{StderrSuffix()}");
    }

    private string ExitCodeText()
    {
        _process.WaitForExit(2000);
        return _process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unknown";
    }

    private async Task PumpStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                _protocolLog?.Invoke("<< " + line);
                if (HostMessage.Parse(line) is { } message)
                {
                    _messages.Writer.TryWrite(message);
                }
            }
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            _protocolLog?.Invoke("!! " + line);
            lock (_stderrTail)
            {
                _stderrTail.Enqueue(line);
                if (_stderrTail.Count > 20)
                {
                    _stderrTail.Dequeue();
                }
            }
        }
    }
}
