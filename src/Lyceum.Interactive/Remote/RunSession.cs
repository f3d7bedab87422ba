using System.Threading.Channels;
using Lyceum.Client;
using Lyceum.Interactive.Budgets;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Remote;

/// <summary>
/// One remote run, whatever asked for it (a cell, <c>#!lyceum image</c>, <c>#!lyceum attach</c>, one point of a
/// sweep): start or attach, read the stream, decode the prelude's frames, relay output in order, keep one card, read
/// the cost, abort when the user stops. Every failure is classified here, once, into the card's final state and one
/// sentence the cell fails with.
/// </summary>
internal sealed class RunSession
{
    private static readonly TimeSpan AbortTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CostTimeout = TimeSpan.FromSeconds(5);

    private readonly RunRequest _request;
    private readonly LyceumConnection _connection;
    private readonly IRunSink _sink;
    private readonly TimeProvider _time;
    private readonly KernelSettings? _state;
    private readonly CostMeter? _meter;
    private readonly int _meterRun;
    private readonly object _gate = new();
    private LyceumClient? _client;
    private string? _executionId;
    private bool _stopped;
    private bool _finished;
    private int _aborting;
    private bool _metering;
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ExecutionFinished?> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="request">What to run.</param>
    /// <param name="connection">The notebook's connection (its client, the runs it started).</param>
    /// <param name="sink">Where the user sees the run.</param>
    /// <param name="time">The clock for batching, the card's elapsed time and the session's own time limits.</param>
    /// <param name="state">The kernel whose variables and session state a cell's frames update; null for other runs.</param>
    /// <param name="meter">Meters the run's spend (shared by a sweep's runs) and aborts it at the cap (<c>--max-cost</c>); null: not metered.</param>
    /// <param name="meterRun">The run's number on <paramref name="meter"/>.</param>
    public RunSession(RunRequest request, LyceumConnection connection, IRunSink sink, TimeProvider time, KernelSettings? state = null,
        CostMeter? meter = null, int meterRun = 0)
    {
        (_request, _connection, _sink, _time, _state, _meter, _meterRun) = (request, connection, sink, time, state, meter, meterRun);
        Card = new RunCardDisplay(sink, new RunCard
        {
            What = request.What, State = "starting", Machine = request.Machine, MaxCost = meter?.Cap, Storage = request.StorageNote,
        }, time)
        {
            Live = meter is null ? null : c => c with { CostEstimate = meter.SpentBy(meterRun) },
        };
    }

    /// <summary>The run's card.</summary>
    public RunCardDisplay Card { get; }

    /// <summary>Completes as soon as the service says how the run ended (before its bill is read), with the finished
    /// event; with null when the session ends without one. A sweep gives the run's place to the next one then.</summary>
    public Task<ExecutionFinished?> Ended => _ended.Task;

    /// <summary>What the run cost for the session's spend: the service's bill, or the estimate where it gave none.</summary>
    public decimal Spent => Card.Card.Cost ?? Card.Card.CostEstimate ?? 0m;

    /// <summary>Runs to the end and says how it ended: the finished event, or null when the run did not start, was
    /// stopped or was lost (the cell has been failed with the reason then, or the host failed it on stop).</summary>
    /// <exception cref="LyceumCommandException">Nobody is logged in (before any card is shown).</exception>
    public async Task<ExecutionFinished?> RunAsync()
    {
        try
        {
            return await RunCoreAsync().ConfigureAwait(false);
        }
        finally
        {
            _ended.TrySetResult(null);
        }
    }

    private async Task<ExecutionFinished?> RunCoreAsync()
    {
        _client = _connection.Require();
        Card.Show(c => c);
        using var registration = _sink.Stopped.Register(OnStop);
        var started = await StartAsync(_client).ConfigureAwait(false);
        if (started is null)
            return null;
        bool stopped;
        lock (_gate)
        {
            _executionId = started.ExecutionId;
            stopped = _stopped;
        }
        if (stopped)
        {
            // The stop came while the service was starting the run: abort it now that it has an id, and say which.
            await AbortAsync(started.ExecutionId).ConfigureAwait(false);
            Card.Amend(c => c with { ExecutionId = started.ExecutionId, Message = $"Run {started.ExecutionId} was aborted on Lyceum." }, afterStop: true);
            await SettleAsync(_client, started.ExecutionId, afterStop: true).ConfigureAwait(false);
            return null;
        }
        Card.Show(c => c with { ExecutionId = started.ExecutionId, State = started.Status });
        Metering();
        return await FollowAsync(_client, started).ConfigureAwait(false);
    }

    private async Task<ExecutionStarted?> StartAsync(LyceumClient client)
    {
        try
        {
            // Not cancelled by the stop button: a start cut off mid-request could leave a run nobody knows of.
            // RunAsync aborts it as soon as its id is known instead.
            return _request.Kind switch
            {
                RunKind.Cell => _connection.Remember(await client.Executions.StartPythonAsync(_request.Python!).ConfigureAwait(false), _request.Nonce),
                RunKind.Image => _connection.Remember(await client.Executions.StartImageAsync(_request.Image!).ConfigureAwait(false), null),
                _ => _connection.FindRun(_request.ExecutionId!)?.Started
                    ?? new ExecutionStarted(_request.ExecutionId!, (await client.Executions.GetStatusAsync(_request.ExecutionId!).ConfigureAwait(false)).Status, client.Endpoint),
            };
        }
        catch (Exception error) when (LyceumCommands.Describe(error, OptionValues()) is { } sentence)
        {
            End(c => c with { State = "not started", StateText = null, Ended = true });
            _sink.Fail(sentence);
            return null;
        }
    }

    private async Task<ExecutionFinished?> FollowAsync(LyceumClient client, ExecutionStarted started)
    {
        var id = started.ExecutionId;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_sink.Stopped, _meter?.CapReached ?? CancellationToken.None);
        var cancellationToken = stop.Token;
        using var relay = new OutputRelay(_sink, _request.OutputCapBytes, id, _time);
        var frames = Decoder(id);
        ExecutionFinished finished;
        try
        {
            finished = await WatchAsync(Events(client, started, cancellationToken), relay, frames, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_sink.Stopped.IsCancellationRequested)
        {
            // OnStop has shown the card and sent the abort (token callbacks may run after this handler wakes: stop here too);
            // once the service has ended the run, the card gets its bill.
            OnStop();
            await AbortAsync(id).ConfigureAwait(false);
            await SettleAsync(client, id, afterStop: true).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CapReachedAsync(client, id, relay, frames).ConfigureAwait(false);
            return null;
        }
        catch (Exception error) when (LyceumCommands.Describe(error) is { } sentence)
        {
            _meter?.Stop(_meterRun);
            End(c => c with { State = "lost", Ended = true, LogFile = relay.LogFile });
            _sink.Fail($"Lost the output of run {id}: {LyceumCommands.Sentence(sentence)} Follow it again with #!lyceum attach {id}.");
            return null;
        }
        lock (_gate)
            _finished = true;
        _ended.TrySetResult(finished);
        var cost = await CostAsync(client, id).ConfigureAwait(false);
        _meter?.Settle(_meterRun, cost);
        var ending = RunEnding.Of(finished, id, relay.StderrTail, _request.Timeout);
        var shown = End(c => c with
        {
            State = finished.Status,
            StateText = ending.Label,
            Ended = true,
            Cost = cost,
            // No bill from the service: the estimate stays, marked as one.
            CostEstimate = cost is null ? _meter?.SpentBy(_meterRun) : null,
            Elapsed = finished.Duration ?? c.Elapsed,
            LogFile = relay.LogFile,
            OutputMayBeIncomplete = finished.OutputMayBeIncomplete,
        });
        if (shown && ending.Sentence is not null)
            _sink.Fail(ending.Sentence);
        return finished;
    }

    /// <summary>The spend reached <c>--max-cost</c>: abort the run, wait for the service to end it, show the bill and fail
    /// the cell saying why (the cap, the spend, how to raise it).</summary>
    private async Task CapReachedAsync(LyceumClient client, string id, OutputRelay relay, StdoutFrames? frames)
    {
        Finish(relay, frames);
        Card.Show(c => c with { StateText = "aborting (cost cap)" });
        await AbortAsync(id).ConfigureAwait(false);
        var cost = await CostAsync(client, id).ConfigureAwait(false);
        _meter!.Settle(_meterRun, cost);
        var message = _meter.CapMessage;
        var shown = End(c => c with
        {
            State = ExecutionStates.Aborted,
            StateText = "aborted (cost cap)",
            Ended = true,
            Cost = cost,
            CostEstimate = cost is null ? _meter.SpentBy(_meterRun) : null,
            Message = message,
            LogFile = relay.LogFile,
        });
        if (shown)
            _sink.Fail(message);
    }

    /// <summary>After a stop: the bill of the aborted run on its card (the session's spend counts it).</summary>
    private async Task SettleAsync(LyceumClient client, string id, bool afterStop)
    {
        var cost = await CostAsync(client, id).ConfigureAwait(false);
        _meter?.Settle(_meterRun, cost);
        var estimate = cost is null ? _meter?.SpentBy(_meterRun) : null;
        if (cost is not null || estimate is not null)
            Card.Amend(c => c with { Cost = cost, CostEstimate = estimate }, afterStop);
    }

    /// <summary>The meter starts once the run runs (time queued on the service costs nothing).</summary>
    private void Metering()
    {
        if (_meter is null || _metering || Card.Card.State != ExecutionStates.Running)
            return;
        _metering = true;
        _meter.Start(_meterRun);
    }

    private IAsyncEnumerable<ExecutionEvent> Events(LyceumClient client, ExecutionStarted started, CancellationToken cancellationToken) =>
        _request.Kind == RunKind.Attach && _connection.FindRun(started.ExecutionId) is null
            ? RecordFollower.FollowAsync(client, started.ExecutionId, _time, cancellationToken)
            : client.Executions.StreamAsync(started, cancellationToken: cancellationToken);

    private StdoutFrames? Decoder(string executionId) => _request.Kind switch
    {
        RunKind.Cell => StdoutFrames.ForNonce(_request.Nonce!),
        RunKind.Attach => _connection.FindRun(executionId) is { Nonce: { } nonce } ? StdoutFrames.ForNonce(nonce) : StdoutFrames.Learning(),
        _ => null,
    };

    /// <summary>Streams until the run ends and returns how it ended.</summary>
    private async Task<ExecutionFinished> WatchAsync(
        IAsyncEnumerable<ExecutionEvent> events, OutputRelay relay, StdoutFrames? frames, CancellationToken cancellationToken)
    {
        // The stream is read on its own task so that batched text is published when the window passes even while the
        // run is silent; all publishing happens here, on the handler's flow, so events keep their order.
        var channel = Channel.CreateUnbounded<ExecutionEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var reading = ReadAsync(events, channel.Writer, cancellationToken);
        var reader = channel.Reader;
        var waiting = reader.WaitToReadAsync(cancellationToken).AsTask();
        while (true)
        {
            if (relay.HasPending && !waiting.IsCompleted && relay.DueIn <= TimeSpan.Zero)
            {
                relay.Flush();
                continue;
            }
            if (!waiting.IsCompleted)
            {
                // Wake for the pending batch or, while the run is quiet, for the card's elapsed time and spend.
                var due = relay.HasPending ? Min(relay.DueIn, Card.TickDueIn) : Card.TickDueIn;
                if (due > TimeSpan.Zero && await Task.WhenAny(waiting, Task.Delay(due, _time, cancellationToken)).ConfigureAwait(false) != waiting)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (relay.HasPending && relay.DueIn <= TimeSpan.Zero)
                        relay.Flush();
                    Card.Tick();
                    continue;
                }
                if (due <= TimeSpan.Zero)
                {
                    Card.Tick();
                    if (!waiting.IsCompleted)
                        continue;
                }
            }
            if (!await waiting.ConfigureAwait(false))
                break;
            while (reader.TryRead(out var e))
            {
                if (Handle(e, relay, frames) is { } finished)
                {
                    await reading.ConfigureAwait(false);
                    return finished;
                }
            }
            Card.Tick();
            waiting = reader.WaitToReadAsync(cancellationToken).AsTask();
        }
        await reading.ConfigureAwait(false);
        Finish(relay, frames);
        throw new LyceumCommandException("The run's output stream ended without saying how the run ended; check it with #!lyceum runs or #!lyceum history.");
    }

    private ExecutionFinished? Handle(ExecutionEvent e, OutputRelay relay, StdoutFrames? frames)
    {
        // Not every service reports "running"; output proves it.
        if (e is ExecutionOutput && Card.Card.State is ExecutionStates.Pending or ExecutionStates.Queued or ExecutionStates.Starting or "starting")
            Card.Show(c => c with { State = ExecutionStates.Running });
        switch (e)
        {
            case ExecutionOutput { Stream: OutputStreamKind.Stdout } output when frames is not null:
                Deliver(frames.Feed(output.Text), relay);
                break;
            case ExecutionOutput output:
                relay.Append(output.Stream, output.Text);
                break;
            case ExecutionStatusChanged status:
                Card.Show(c => c with { State = status.Status });
                break;
            case ExecutionReconnecting reconnecting:
                Card.Show(c => c with { Reconnecting = reconnecting.Offline });
                break;
            case ExecutionReconnected:
                Card.Show(c => c with { Reconnecting = null });
                break;
            case ExecutionFinished finished:
                Finish(relay, frames);
                return finished;
        }
        Metering();
        return null;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void Finish(OutputRelay relay, StdoutFrames? frames)
    {
        if (frames is not null)
            Deliver(frames.Flush(), relay);
        relay.Flush();
    }

    private void Deliver(IReadOnlyList<StdoutPiece> pieces, OutputRelay relay)
    {
        foreach (var piece in pieces)
        {
            switch (piece)
            {
                case TextPiece text:
                    relay.Append(OutputStreamKind.Stdout, text.Text);
                    break;
                case FramePiece frame:
                    relay.Flush();
                    RemoteFrame? typed;
                    try
                    {
                        typed = RemoteFrame.From(frame);
                    }
                    catch (FormatException error)
                    {
                        relay.Append(OutputStreamKind.Stderr, $"[lyceum: {error.Message}]\n");
                        break;
                    }
                    if (typed is not null)
                        OnFrame(typed);
                    break;
            }
        }
    }

    private void OnFrame(RemoteFrame frame)
    {
        switch (frame)
        {
            case DisplayFrame or ResultFrame:
                _sink.Display(frame);
                break;
            case VariablesFrame variables when _state is not null:
                _state.MergeVariables(variables);
                if (variables.Skipped.Count > 0)
                    Card.Show(c => c with { NotShared = [.. c.NotShared, .. variables.Skipped.Select(v => $"{v.Name} ({v.Reason})")] });
                break;
            case SessionFrame session when _state is not null:
                _state.SessionState = session.State;
                if (session.NotCarried.Count > 0)
                    Card.Show(c => c with { NotCarried = [.. c.NotCarried, .. session.NotCarried.Select(v => $"{v.Name} ({v.Reason})")] });
                break;
        }
    }

    private static async Task ReadAsync(IAsyncEnumerable<ExecutionEvent> events, ChannelWriter<ExecutionEvent> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(e, cancellationToken).ConfigureAwait(false);
                if (e is ExecutionFinished)
                    break;
            }
            writer.TryComplete();
        }
        catch (Exception error)
        {
            writer.TryComplete(error);
        }
    }

    private async Task<decimal?> CostAsync(LyceumClient client, string executionId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(CostTimeout, _time);
            var status = await client.Executions.GetStatusAsync(executionId, timeout.Token).ConfigureAwait(false);
            return status.Cost ?? (await client.Executions.GetAsync(executionId, timeout.Token).ConfigureAwait(false)).Cost;
        }
        catch (Exception e) when (e is LyceumException or OperationCanceledException)
        {
            return null;
        }
    }

    // Runs on the thread that pressed stop, before the host fails the command: the card update still reaches the cell.
    private void OnStop()
    {
        string? id;
        lock (_gate)
        {
            if (_finished)
                return;
            _stopped = true;
            id = _executionId;
        }
        End(c => c with
        {
            State = ExecutionStates.Aborted,
            StateText = "stopped",
            Ended = true,
            Message = id is null ? "Stopped while the run was starting; it is aborted on Lyceum as soon as the service names it." : $"Run {id} was aborted on Lyceum.",
        }, afterStop: true);
        if (id is not null)
            _ = AbortAsync(id);
    }

    /// <summary>Aborts the run once, whoever asks first (the stop button, the cost cap); every caller waits for that one abort.</summary>
    private Task AbortAsync(string executionId) =>
        Interlocked.Exchange(ref _aborting, 1) == 1 ? _aborted.Task : AbortOnceAsync(executionId);

    private async Task AbortOnceAsync(string executionId)
    {
        try
        {
            if (_client is null)
                return;
            using var timeout = new CancellationTokenSource(AbortTimeout, _time);
            await _client.Executions.AbortAsync(executionId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LyceumException or OperationCanceledException)
        {
            // Already ended or unreachable: nothing more to stop.
        }
        finally
        {
            _aborted.TrySetResult();
        }
    }

    private bool End(Func<RunCard, RunCard> change, bool afterStop = false)
    {
        lock (_gate)
            _finished = true;
        return Card.Show(change, freeze: true, afterStop: afterStop);
    }

    private Dictionary<string, string?> OptionValues() => new(StringComparer.Ordinal)
    {
        [CellSyntax.Machine.Name] = _request.Machine,
        [CellSyntax.Timeout.Name] = _request.Timeout?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
