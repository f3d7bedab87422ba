using System.Text;
using Lyceum.Client;
using Lyceum.Interactive.Budgets;
using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Sweeps;

/// <summary>The one card of a sweep as its runs change it: each run's session writes its row (through a
/// <see cref="SweepRunSink"/>), and the card is shown again at once when a row's state, result or error changes, and at
/// most once a second for elapsed time, spend and output. A row's elapsed time counts only while its run runs.</summary>
internal sealed class SweepBoard
{
    /// <summary>The least time between two updates of the card that change no row's state.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly CostMeter _meter;
    private readonly Action<SweepCard, bool> _show;
    private readonly SweepRow[] _rows;
    private readonly StringBuilder[] _outputs;
    private readonly string?[] _lastLines;
    private readonly long?[] _runningSince;
    private SweepCard _card;
    private long _shownAt;
    private bool _shown;

    /// <param name="card">The card's fixed parts (what, machine, parallel bound).</param>
    /// <param name="parameters">Each run's parameters as a user reads them, in sweep order.</param>
    /// <param name="meter">The sweep's spend and cap.</param>
    /// <param name="time">The clock for elapsed times and the refresh interval.</param>
    /// <param name="show">Shows the card (produced once, then updated); the flag says the update follows the stop button.</param>
    public SweepBoard(SweepCard card, IReadOnlyList<string> parameters, CostMeter meter, TimeProvider time, Action<SweepCard, bool> show)
    {
        (_meter, _time, _show) = (meter, time, show);
        _rows = parameters.Select((p, i) => new SweepRow { Number = i + 1, Parameters = p }).ToArray();
        _outputs = parameters.Select(_ => new StringBuilder()).ToArray();
        _lastLines = new string?[parameters.Count];
        _runningSince = new long?[parameters.Count];
        _card = card;
    }

    /// <summary>Why the sweep's runs are being stopped, when they are: <c>stopped</c>, <c>fail-fast</c> or <c>cost cap</c>.</summary>
    public string? StopReason { get; set; }

    /// <summary>The rows as they are now.</summary>
    public IReadOnlyList<SweepRow> Rows
    {
        get { lock (_gate) return Snapshot(); }
    }

    /// <summary>A run's card changed (its session's state, id, cost, log file).</summary>
    public void Run(int i, RunCard card, bool afterStop)
    {
        Change(i, r =>
        {
            if (card.State == ExecutionStates.Running && _runningSince[i] is null)
                _runningSince[i] = _time.GetTimestamp();
            var reason = card.Ended && card.StateText == "stopped" ? StopReason : null;
            return r with
            {
                State = card.State,
                StateText = reason is null ? card.StateText : $"aborted ({reason})",
                ExecutionId = card.ExecutionId ?? r.ExecutionId,
                Cost = card.Cost,
                CostEstimate = card.CostEstimate,
                LogFile = card.LogFile,
                Ended = card.Ended,
                Elapsed = card.Ended && !r.Ended ? RunTime(i) : r.Elapsed,
            };
        }, afterStop);
    }

    /// <summary>A piece of a run's output, for its collapsed section (the run's relay has already cut it at the cap).</summary>
    public void Output(int i, OutputStreamKind kind, string text)
    {
        lock (_gate)
        {
            _outputs[i].Append(text);
            if (kind == OutputStreamKind.Stdout && LastLine(text) is { } line)
                _lastLines[i] = line;
        }
        Refresh(significant: false, afterStop: false);
    }

    /// <summary>The value of a run's last expression.</summary>
    public void Result(int i, string text) => Change(i, r => r with { Result = text }, afterStop: false);

    /// <summary>Why a run failed, in one sentence (its error's last line).</summary>
    public void Error(int i, string sentence) =>
        Change(i, r => r.StateText == "aborted (cost cap)" ? r : r with { Error = sentence }, afterStop: false);

    /// <summary>A run's session ended: its service-measured duration replaces the time seen here; an image run with no
    /// other result reports the last line it printed.</summary>
    public void Ended(int i, ExecutionFinished? finished, bool lastLineIsResult, bool afterStop) =>
        Change(i, r => r with
        {
            Ended = true,
            Elapsed = finished?.Duration ?? r.Elapsed,
            Result = r.Result ?? (lastLineIsResult && r.Error is null ? _lastLines[i] : null),
        }, afterStop);

    /// <summary>A run that never started (the sweep was stopped, failed fast or reached its cap first).</summary>
    public void NotStarted(int i, string why, bool afterStop) =>
        Change(i, r => r with { State = ExecutionStates.Cancelled, StateText = $"not started ({why})", Ended = true }, afterStop);

    /// <summary>Ends the card: every run has ended; <paramref name="message"/> says why early, if it did.</summary>
    public SweepCard Finish(string? message, bool afterStop)
    {
        SweepCard card;
        lock (_gate)
        {
            _card = _card with { Message = message, Ended = true };
            card = Current();
            _show(card, afterStop);
        }
        return card;
    }

    /// <summary>Shows the card as it is now.</summary>
    public void Show(bool afterStop) => Refresh(significant: true, afterStop);

    private void Change(int i, Func<SweepRow, SweepRow> change, bool afterStop)
    {
        bool significant;
        lock (_gate)
        {
            var before = _rows[i];
            var after = change(before);
            _rows[i] = after;
            significant = before.State != after.State || before.StateText != after.StateText || before.Ended != after.Ended
                || before.Result != after.Result || before.Error != after.Error || before.ExecutionId != after.ExecutionId;
        }
        Refresh(significant, afterStop);
    }

    private void Refresh(bool significant, bool afterStop)
    {
        lock (_gate)
        {
            if (_card.Ended || (!significant && _shown && _time.GetElapsedTime(_shownAt) < RefreshInterval))
                return;
            _shown = true;
            _shownAt = _time.GetTimestamp();
            _show(Current(), afterStop);
        }
    }

    private SweepCard Current() => _card with { Rows = Snapshot(), Spend = _meter.Cap is null ? null : _meter.Describe() };

    // Live rows get their elapsed time and running estimate as of now; output is copied out of its builder.
    private SweepRow[] Snapshot() => _rows.Select((r, i) => r.Ended
        ? r with { Output = _outputs[i].ToString() }
        : r with { Elapsed = RunTime(i), CostEstimate = _meter.SpentBy(i), Output = _outputs[i].ToString() }).ToArray();

    private TimeSpan RunTime(int i) => _runningSince[i] is { } since ? _time.GetElapsedTime(since) : TimeSpan.Zero;

    private static string? LastLine(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r').Trim()).LastOrDefault(l => l.Length > 0);
}
