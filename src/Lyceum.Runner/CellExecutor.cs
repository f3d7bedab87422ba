using System.Globalization;

namespace Lyceum.Runner;

/// <summary>
/// Runs cells one at a time as SubmitCode commands with their own token, so every event (children carry
/// "token.N") and the closing CommandSucceeded/CommandFailed are attributed to the right cell.
/// </summary>
internal sealed class CellExecutor(
    IKernelConnection connection,
    ConsoleReporter reporter,
    SecretRedactor redactor,
    TimeSpan cellTimeout,
    TimeProvider time)
{
    private readonly Dictionary<string, CellOutputRecorder> _displayOwners = [];
    private int _executionCount;

    /// <summary>How long to wait for the host to acknowledge a Cancel before giving up on it.</summary>
    public TimeSpan CancelGrace { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How soon after the host exits a Ctrl-C must arrive for the exit to be blamed on the user.</summary>
    public TimeSpan InterruptGrace { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Answers the host's requests to its frontend (input prompts).</summary>
    public HostRequests Requests { get; init; } = new(apiKey: null);

    /// <summary>False once the host exited or ignored a Cancel; no further cell can be run on it.</summary>
    public bool HostUsable { get; private set; } = true;

    public async Task<CellResult> RunAsync(NotebookCell cell, CancellationToken cancellationToken = default)
    {
        var token = $"cell-{cell.Number}";
        var recorder = new CellOutputRecorder(cell.Element, ++_executionCount, redactor, reporter);
        var started = time.GetTimestamp();
        string? refused = null;
        reporter.CellStarting(cell);

        CellResult Result(CellStatus status, string? error)
        {
            recorder.Finish();
            return new(cell, status, error, time.GetElapsedTime(started));
        }

        try
        {
            // The clock starts before the cell is sent: the injected time decides the timeout, and tests drive it.
            using var timeout = new CancellationTokenSource(cellTimeout, time);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            await connection.SendAsync(KernelCommands.SubmitCode(token, cell.Code, cell.Kernel), cancellationToken);
            if (await WaitForEndAsync(token, recorder, r => refused ??= r, deadline.Token) is { } end)
            {
                return Finished(end);
            }

            var (status, error) = cancellationToken.IsCancellationRequested
                ? (CellStatus.Interrupted, "interrupted (Ctrl-C); the cell was cancelled")
                : (CellStatus.TimedOut, string.Create(
                    CultureInfo.InvariantCulture, $"timed out after {cellTimeout.TotalSeconds:0.#} s (--cell-timeout) and was cancelled"));

            using var grace = new CancellationTokenSource(CancelGrace, time);
            await connection.SendAsync(KernelCommands.Cancel(token + "-cancel"), CancellationToken.None);
            if (await WaitForEndAsync(token, recorder, r => refused ??= r, grace.Token) is null)
            {
                HostUsable = false;
                error += string.Create(CultureInfo.InvariantCulture, $"; the host did not confirm the cancel within {CancelGrace.TotalSeconds:0} s");
            }

            recorder.RecordFailure(error);
            return Result(status, error);
        }
        catch (HostExitedException e)
        {
            HostUsable = false;
            if (await InterruptedAsync(cancellationToken))
            {
                const string interrupted = "interrupted (Ctrl-C); the host stopped with it";
                recorder.RecordFailure(interrupted);
                return Result(CellStatus.Interrupted, interrupted);
            }

            recorder.RecordFailure(e.Message);
            return Result(CellStatus.Failed, e.Message);
        }

        CellResult Finished(HostMessage end)
        {
            if (end.EventType == "CommandSucceeded")
            {
                return Result(CellStatus.Succeeded, null);
            }

            // A refused prompt is why the cell failed; the host's own words for it are only "Input not provided".
            var message = refused ?? (HostErrors.Clean(end.Message ?? "") is { Length: > 0 } cleaned ? cleaned : "the cell failed without a message");
            recorder.RecordFailure(message);
            return Result(CellStatus.Failed, redactor.Redact(message));
        }
    }

    /// <summary>Routes messages until the cell's own closing event; null when <paramref name="cancellationToken"/> fires first.</summary>
    private async Task<HostMessage?> WaitForEndAsync(
        string token, CellOutputRecorder recorder, Action<string> onRefused, CancellationToken cancellationToken)
    {
        while (true)
        {
            HostMessage message;
            try
            {
                if (!await connection.Messages.WaitToReadAsync(cancellationToken))
                {
                    throw new HostExitedException($"The dotnet-interactive host exited while this cell ran{connection.DescribeExit()}");
                }

                if (!connection.Messages.TryRead(out message!))
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            if (message.IsCommandFromHost)
            {
                // The host may ask again for an earlier cell's value after that cell ended (seen for #!set with
                // @input): only a request of this cell is said in it and decides its error.
                var (replies, note, refusal) = Requests.Answer(message);
                if (message.BelongsTo(token))
                {
                    if (note is not null)
                    {
                        reporter.Text(note + Environment.NewLine);
                    }

                    if (refusal is not null)
                    {
                        onRefused(refusal);
                    }
                }

                foreach (var reply in replies)
                {
                    await connection.SendAsync(reply, CancellationToken.None);
                }
            }
            else if (message.BelongsTo(token))
            {
                if (message.IsTerminal && message.Token == token)
                {
                    return message;
                }

                recorder.Record(message);
                if (message.EventType == "DisplayedValueProduced" && message.ValueId is { } id)
                {
                    _displayOwners[id] = recorder;
                }
            }
            else if (message.EventType == "DisplayedValueUpdated" && message.ValueId is { } id && _displayOwners.TryGetValue(id, out var owner))
            {
                // An earlier cell's display (e.g. a run's status card) updated after that cell ended.
                owner.Record(message);
            }
        }
    }

    /// <summary>
    /// A Ctrl-C in a terminal reaches the host too (same process group) and it may exit before our own handler
    /// runs, so a host exit is blamed on the user when the interrupt follows within a moment.
    /// </summary>
    private async Task<bool> InterruptedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(InterruptGrace, time, cancellationToken);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private sealed class HostExitedException(string message) : Exception(message);
}
