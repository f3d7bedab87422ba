namespace Lyceum.Interactive.Budgets;

/// <summary>What a run (or a sweep of runs) may cost at most before it starts: the machine's price for the whole timeout,
/// for every run, bounded by a cost cap when one is set.</summary>
/// <param name="Machine">The machine type, e.g. <c>gpu.a100</c>.</param>
/// <param name="PricePerHour">Its price in credits per hour; null when the service does not publish it.</param>
/// <param name="Timeout">The run's time limit (the service ends it then).</param>
/// <param name="Runs">How many runs (1 for a cell, the number of combinations for a sweep).</param>
/// <param name="MaxCost">The user's cost cap for the cell or sweep (<c>--max-cost</c>), if any.</param>
internal sealed record RunForecast(string Machine, decimal? PricePerHour, TimeSpan Timeout, int Runs = 1, decimal? MaxCost = null)
{
    /// <summary>Price × timeout × runs, or the cap when it is lower; null when the price is unknown and no cap is set.</summary>
    public decimal? WorstCase => (Uncapped, MaxCost) switch
    {
        ({ } forecast, { } cap) => Math.Min(forecast, cap),
        (null, { } cap) => cap,
        (var forecast, null) => forecast,
    };

    /// <summary>Price × timeout × runs, ignoring any cap; null when the price is unknown.</summary>
    public decimal? Uncapped => PricePerHour is { } price ? price * Timeout.Ticks / TimeSpan.TicksPerHour * Runs : null;

    /// <summary>How the worst case was reckoned, e.g. <c>16 runs × 600 s timeout × 2.50 credits/hour on gpu.a100</c>.</summary>
    public string Reckoning
    {
        get
        {
            var runs = Runs == 1 ? "" : $"{Runs} runs × ";
            var rate = PricePerHour is { } price ? $"{CreditText.Format(price)} credits/hour" : "an unknown price";
            var basis = $"{runs}{(int)Timeout.TotalSeconds} s timeout × {rate} on {Machine}";
            return MaxCost is { } cap && (Uncapped is null || cap < Uncapped) ? $"capped by --max-cost {CreditText.Format(cap)}; uncapped {basis}" : basis;
        }
    }
}
