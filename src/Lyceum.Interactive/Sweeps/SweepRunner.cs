using System.Text;
using Lyceum.Client;
using Lyceum.Interactive.Budgets;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Sweeps;

/// <summary>Runs the points of a sweep through <see cref="ExecutionsClient.MapAsync(IReadOnlyList{PythonRunRequest}, MapOptions?, CancellationToken)"/>
/// (bounded parallelism, fail-fast, every started run aborted on stop) and keeps one <see cref="SweepCard"/>: a row per
/// run with its state, time, cost, the last expression's value or the error's last line, and its own output.</summary>
internal sealed class SweepRunner
{
    /// <summary>How much of one run's output its collapsed section keeps.</summary>
    public const int OutputKeptPerRun = 32 * 1024;

    private readonly LyceumClient _client;
    private readonly IReadOnlyList<SweepPoint> _points;
    private readonly CostMeter _meter;
    private readonly TimeProvider _time;
    private readonly Action<SweepCard, bool> _show;
    private readonly SweepRow[] _rows;
    private readonly FrameDecoder[] _decoders;
    private readonly string[] _lastError;
    private readonly StringBuilder[] _outputs;
    private readonly long[] _startedAt;
    private SweepCard _card;

    /// <param name="client">The signed-in client.</param>
    /// <param name="points">One prepared run per point of the sweep.</param>
    /// <param name="card">The card's fixed parts (what, machine, parallel bound).</param>
    /// <param name="meter">Meters the spend and trips at <c>--max-cost</c>.</param>
    /// <param name="time">The clock for elapsed times.</param>
    /// <param name="show">Shows the card (produced once, then updated); the flag says the update follows a stop.</param>
    public SweepRunner(LyceumClient client, IReadOnlyList<SweepPoint> points, SweepCard card, CostMeter meter, TimeProvider time, Action<SweepCard, bool> show)
    {
        (_client, _points, _meter, _time, _show) = (client, points, meter, time, show);
        _rows = points.Select((p, i) => new SweepRow { Number = i + 1, Parameters = p.Parameters }).ToArray();
        _decoders = points.Select(p => new FrameDecoder(p.Nonce)).ToArray();
        _lastError = new string[points.Count];
        _outputs = points.Select(_ => new StringBuilder()).ToArray();
        _startedAt = new long[points.Count];
        _card = card with { Rows = _rows };
    }

    /// <summary>Runs every point; returns the rows as they ended. Stop (or the cost cap) aborts every started run.</summary>
    /// <exception cref="LyceumCommandException">More runs than the service's rate limit has left (nothing started).</exception>
    public async Task<IReadOnlyList<SweepRow>> RunAsync(bool failFast, CancellationToken stop)
    {
        try
        {
            _client.Executions.CheckRunAllowance(_points.Count);
        }
        catch (LyceumRunAllowanceException e)
        {
            throw new LyceumCommandException($"Not started: this sweep of {e.Message} #!lyceum status shows the limits.");
        }

        Show(false);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(stop, _meter.CapReached);
        var options = new MapOptions { MaxParallelism = Math.Max(1, _card.Parallel), FailFast = failFast };
        try
        {
            await foreach (var e in _client.Executions.MapAsync(_points.Select(p => p.Request).ToList(), options, both.Token).ConfigureAwait(false))
                Handle(e);
        }
        catch (OperationCanceledException) when (both.IsCancellationRequested)
        {
            var reason = _meter.Reached ? _meter.CapMessage : "Stopped: every started run of the sweep was aborted on Lyceum.";
            EndUnfinished(_meter.Reached ? "cost cap" : "stopped");
            _card = _card with { Message = reason, Ended = true };
            Show(afterStop: !_meter.Reached);
            return _rows;
        }

        if (failFast && _rows.Any(r => r.State is not ExecutionStates.Completed))
            _card = _card with { Message = "--fail-fast: a run failed, so the live runs were aborted and the rest not started." };
        _card = _card with { Ended = true };
        Show(false);
        return _rows;
    }

    /// <summary>The card as it is now.</summary>
    public SweepCard Card => _card with { Rows = [.. _rows], Spend = _meter.Cap is null ? null : _meter.Describe() };

    private void Handle(MappedExecutionEvent e)
    {
        var i = e.Index;
        switch (e.Event)
        {
            case ExecutionStatusChanged status:
                Update(i, r => r with { State = status.Status, ExecutionId = e.ExecutionId ?? r.ExecutionId });
                if (status.Status is ExecutionStates.Running)
                    StartClock(i);
                break;
            case ExecutionOutput { Stream: OutputStreamKind.Stdout } output:
                StartClock(i);
                foreach (var piece in _decoders[i].Feed(output.Text))
                    Take(i, piece);
                // Not every service reports "running"; output proves it.
                Update(i, r => r with { State = ExecutionStates.Running });
                break;
            case ExecutionOutput output:
                StartClock(i);
                Append(i, output.Text);
                if (output.Text.Split('\n').LastOrDefault(l => l.Trim().Length > 0) is { } line)
                    _lastError[i] = line.Trim();
                break;
            case ExecutionFinished finished:
                foreach (var piece in _decoders[i].Flush())
                    Take(i, piece);
                _meter.Stop(i);
                var elapsed = finished.Duration ?? (_startedAt[i] == 0 ? TimeSpan.Zero : _time.GetElapsedTime(_startedAt[i]));
                var error = finished.Succeeded ? null : LastLine(_lastError[i]) ?? LastLine(finished.Error) ?? finished.Status;
                Update(i, r => r with { State = finished.Status, Ended = true, Elapsed = elapsed, Error = error, Cost = _meter.SpentBy(i) });
                break;
        }

        Show(false);
    }

    private void Take(int i, StdoutPiece piece)
    {
        switch (piece)
        {
            case TextPiece text:
                Append(i, text.Text);
                break;
            case FramePiece frame:
                RemoteFrame? typed = null;
                try
                {
                    typed = RemoteFrame.From(frame);
                }
                catch (FormatException)
                {
                    // A malformed frame is the prelude's fault, not the run's: the row just shows no value.
                }

                if (typed is ResultFrame result)
                    Update(i, r => r with { Result = result.PlainText });
                break;
        }
    }

    private void StartClock(int i)
    {
        if (_startedAt[i] != 0)
            return;
        _startedAt[i] = _time.GetTimestamp();
        _meter.Start(i);
    }

    private void Append(int i, string text)
    {
        var output = _outputs[i];
        if (output.Length < OutputKeptPerRun)
            output.Append(text.AsSpan(0, Math.Min(text.Length, OutputKeptPerRun - output.Length)));
        else if (output.Length == OutputKeptPerRun)
            output.Append("\n… (more output; the run's whole output is in its record: #!lyceum history)");
        _rows[i] = _rows[i] with { Output = output.ToString() };
    }

    private void EndUnfinished(string why)
    {
        for (var i = 0; i < _rows.Length; i++)
        {
            if (_rows[i].Ended)
                continue;
            _meter.Stop(i);
            var started = _rows[i].ExecutionId is not null;
            Update(i, r => r with
            {
                State = started ? ExecutionStates.Aborted : "not started",
                StateText = started ? $"aborted ({why})" : $"not started ({why})",
                Ended = true,
                Elapsed = _startedAt[i] == 0 ? r.Elapsed : _time.GetElapsedTime(_startedAt[i]),
                Cost = _meter.SpentBy(i),
            });
        }
    }

    private void Update(int i, Func<SweepRow, SweepRow> change)
    {
        var row = change(_rows[i]);
        if (!row.Ended && _startedAt[i] != 0)
            row = row with { Elapsed = _time.GetElapsedTime(_startedAt[i]), Cost = _meter.SpentBy(i) };
        _rows[i] = row;
    }

    private void Show(bool afterStop) => _show(Card, afterStop);

    private static string? LastLine(string? text) =>
        text?.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
}
