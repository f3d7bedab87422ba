namespace Lyceum.Interactive.Budgets;

/// <summary>The spend so far of one cell or one sweep — the machine's price × each run's time since it started — and its
/// <c>--max-cost</c> cap: once a second it compares the two, and when the spend reaches the cap it cancels
/// <see cref="CapReached"/>, which aborts the runs. Time comes from the injected <see cref="TimeProvider"/>.</summary>
internal sealed class CostMeter : IDisposable
{
    /// <summary>How often the spend is compared with the cap: a run is aborted within about this long of reaching it.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<int, (long Start, TimeSpan? Elapsed)> _runs = [];
    private readonly CancellationTokenSource _reached = new();
    private ITimer? _timer;
    private bool _disposed;

    /// <summary>A meter for runs on a machine of <paramref name="pricePerHour"/> (null: unknown, nothing is metered) with an
    /// optional <paramref name="cap"/>.</summary>
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

    /// <summary>The spend so far (price × time of every run, the live ones up to now); null when the price is unknown.</summary>
    public decimal? Spent
    {
        get
        {
            if (PricePerHour is not { } price)
                return null;
            lock (_gate)
                return _runs.Values.Sum(r => Cost(price, r.Elapsed ?? _time.GetElapsedTime(r.Start)));
        }
    }

    /// <summary>The spend of one run; null when the price is unknown or the run never started.</summary>
    public decimal? SpentBy(int run)
    {
        if (PricePerHour is not { } price)
            return null;
        lock (_gate)
            return _runs.TryGetValue(run, out var r) ? Cost(price, r.Elapsed ?? _time.GetElapsedTime(r.Start)) : null;
    }

    /// <summary>Starts the clock of run <paramref name="run"/> (0 for a single cell).</summary>
    public void Start(int run = 0)
    {
        lock (_gate)
        {
            _runs[run] = (_time.GetTimestamp(), null);
            if (Cap is not null && _timer is null && !Reached)
                _timer = _time.CreateTimer(_ => Check(), null, CheckInterval, CheckInterval);
        }
    }

    /// <summary>Stops the clock of run <paramref name="run"/>: its spend stays as it is now.</summary>
    public void Stop(int run = 0)
    {
        lock (_gate)
        {
            if (_runs.TryGetValue(run, out var r) && r.Elapsed is null)
                _runs[run] = (r.Start, _time.GetElapsedTime(r.Start));
        }
    }

    /// <summary>The spend against the cap for a card, e.g. <c>0.012 of 0.05 max</c>; the spend alone without a cap; null when unknown.</summary>
    public string? Describe() => (Spent, Cap) switch
    {
        ({ } spent, { } cap) => $"{CreditText.Format(spent)} of {CreditText.Format(cap)} max",
        ({ } spent, null) => CreditText.Format(spent),
        _ => null,
    };

    /// <summary>Why the runs were aborted, for the card and the cell's error.</summary>
    public string CapMessage => $"Aborted: the spend reached --max-cost {CreditText.Format(Cap ?? 0m)} credits "
        + $"({CreditText.Format(Spent ?? 0m)} at {CreditText.Format(PricePerHour ?? 0m)} credits/hour).";

    // In decimal ticks: TimeSpan.TotalHours is a double and would turn 4 s at 3.6/hour into 0.003999….
    private static decimal Cost(decimal pricePerHour, TimeSpan elapsed) => pricePerHour * elapsed.Ticks / TimeSpan.TicksPerHour;

    private void Check()
    {
        if (Spent is not { } spent || Cap is not { } cap || spent < cap)
            return;
        lock (_gate)
        {
            if (_disposed)
                return;
            _timer?.Dispose();
            _timer = null;
            _reached.Cancel();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
            _reached.Dispose();
        }
    }
}
