namespace Lyceum.Interactive.Budgets;

/// <summary>The spend so far of one cell or one sweep and its <c>--max-cost</c> cap. A live run counts the machine's
/// price × its time since it started (an estimate); a run that ended counts what the service billed, once read. Once a
/// second the meter compares the spend with the cap, and when it reaches the cap it cancels <see cref="CapReached"/>,
/// which aborts the runs. Time comes from the injected <see cref="TimeProvider"/>.</summary>
internal sealed class CostMeter : IDisposable
{
    /// <summary>How often the spend is compared with the cap: a run is aborted within about this long of reaching it.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<int, Metered> _runs = [];
    private readonly CancellationTokenSource _reached = new();
    private ITimer? _timer;
    private bool _disposed;

    /// <summary>A meter for runs on a machine of <paramref name="pricePerHour"/> (null: unknown, only billed costs count)
    /// with an optional <paramref name="cap"/>.</summary>
    public CostMeter(decimal? pricePerHour, decimal? cap, TimeProvider time)
    {
        if (cap is not null && pricePerHour is null)
            throw new ArgumentException("A cost cap needs the machine's price.", nameof(pricePerHour));
        PricePerHour = pricePerHour;
        Cap = cap;
        _time = time;
    }

    /// <summary>The machine's price in credits per hour, when known.</summary>
    public decimal? PricePerHour { get; }

    /// <summary>The cap (<c>--max-cost</c>), when set.</summary>
    public decimal? Cap { get; }

    /// <summary>Cancelled once the spend reached the cap.</summary>
    public CancellationToken CapReached => _reached.Token;

    /// <summary>True once the spend reached the cap.</summary>
    public bool Reached
    {
        get { lock (_gate) return !_disposed && _reached.IsCancellationRequested; }
    }

    /// <summary>The spend so far: billed costs of ended runs, price × time of the others (the live ones up to now); null
    /// when nothing can be counted (unknown price and nothing billed).</summary>
    public decimal? Spent
    {
        get
        {
            lock (_gate)
            {
                var costs = _runs.Values.Select(CostOf).Where(c => c is not null).ToList();
                return costs.Count == 0 && PricePerHour is null ? null : costs.Sum(c => c!.Value);
            }
        }
    }

    /// <summary>True while part of <see cref="Spent"/> is an estimate (a run still live, or one the service billed no figure for).</summary>
    public bool IsEstimate
    {
        get { lock (_gate) return _runs.Values.Any(r => r.Billed is null); }
    }

    /// <summary>The spend of one run (its billed cost once settled, else the estimate); null when unknown or never started.</summary>
    public decimal? SpentBy(int run)
    {
        lock (_gate)
            return _runs.TryGetValue(run, out var r) ? CostOf(r) : null;
    }

    /// <summary>Starts the clock of run <paramref name="run"/> (0 for a single cell); a run already started keeps its clock.</summary>
    public void Start(int run = 0)
    {
        lock (_gate)
        {
            if (_runs.ContainsKey(run))
                return;
            _runs[run] = new Metered(_time.GetTimestamp(), null, null);
            if (Cap is not null && _timer is null && !_disposed && !_reached.IsCancellationRequested)
                _timer = _time.CreateTimer(_ => Check(), null, CheckInterval, CheckInterval);
        }
    }

    /// <summary>Stops the clock of run <paramref name="run"/>: its estimate stays as it is now.</summary>
    public void Stop(int run = 0)
    {
        lock (_gate)
        {
            if (_runs.TryGetValue(run, out var r) && r.Elapsed is null)
                _runs[run] = r with { Elapsed = _time.GetElapsedTime(r.Start) };
        }
    }

    /// <summary>Stops the clock of a run that ended and replaces its estimate with what the service billed (when it said).</summary>
    public void Settle(int run, decimal? billed)
    {
        Stop(run);
        if (billed is null)
            return;
        lock (_gate)
            _runs[run] = _runs.TryGetValue(run, out var r) ? r with { Billed = billed } : new Metered(_time.GetTimestamp(), TimeSpan.Zero, billed);
    }

    /// <summary>The spend against the cap for a card, e.g. <c>0.012 of 0.05 credits</c>; the spend alone without a cap;
    /// null when unknown.</summary>
    public string? Describe() => (Spent, Cap) switch
    {
        ({ } spent, { } cap) => $"{CreditText.Format(spent)} of {CreditText.Format(cap)} credits",
        ({ } spent, null) => $"{CreditText.Format(spent)} credits",
        _ => null,
    };

    /// <summary>Why the runs were aborted, for the card and the cell's error: the cap, the spend, and how to raise it.</summary>
    public string CapMessage => $"Aborted: the spend reached --max-cost {CreditText.Format(Cap ?? 0m)} credits "
        + $"({CreditText.Format(Spent ?? 0m)} at {CreditText.Format(PricePerHour ?? 0m)} credits/hour). Raise --max-cost to let it run longer.";

    // In decimal ticks: TimeSpan.TotalHours is a double and would turn 4 s at 3.6/hour into 0.003999….
    private decimal? CostOf(Metered run) =>
        run.Billed ?? (PricePerHour is { } price ? price * (run.Elapsed ?? _time.GetElapsedTime(run.Start)).Ticks / TimeSpan.TicksPerHour : null);

    private void Check()
    {
        if (Spent is not { } spent || Cap is not { } cap || spent < cap)
            return;
        lock (_gate)
        {
            if (_disposed || _reached.IsCancellationRequested)
                return;
            _timer?.Dispose();
            _timer = null;
        }
        // Outside the lock: cancelling runs the runs' abort callbacks, which read the spend.
        _reached.Cancel();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    /// <summary>One run's clock: when it started, its time once stopped, and its billed cost once settled.</summary>
    private sealed record Metered(long Start, TimeSpan? Elapsed, decimal? Billed);
}
