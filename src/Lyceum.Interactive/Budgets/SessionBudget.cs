namespace Lyceum.Interactive.Budgets;

/// <summary>The notebook session's spending: the budget the user set with <c>#!lyceum config --budget</c> (none by
/// default) and what this session's runs have cost so far. Thread-safe: sweep runs record their cost as they end.</summary>
internal sealed class SessionBudget
{
    private readonly object _gate = new();
    private decimal? _limit;
    private decimal _spent;

    /// <summary>The budget in credits; null when none is set.</summary>
    public decimal? Limit
    {
        get { lock (_gate) return _limit; }
    }

    /// <summary>What this session's runs have cost so far.</summary>
    public decimal Spent
    {
        get { lock (_gate) return _spent; }
    }

    /// <summary>The budget minus the spend (never below 0); null when no budget is set.</summary>
    public decimal? Left
    {
        get
        {
            lock (_gate)
                return _limit is { } limit ? Math.Max(0m, limit - _spent) : null;
        }
    }

    /// <summary>Sets the budget (null lifts it). What was spent so far counts against the new budget.</summary>
    public void Set(decimal? limit)
    {
        if (limit is <= 0m)
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "A budget must be positive.");
        lock (_gate)
            _limit = limit;
    }

    /// <summary>Adds a finished run's cost.</summary>
    public void Record(decimal cost)
    {
        if (cost <= 0m)
            return;
        lock (_gate)
            _spent += cost;
    }

    /// <summary>One line for <c>#!lyceum status</c>, e.g. <c>1.20 spent of 10.00 (8.80 left)</c> or <c>1.20 spent, no budget set</c>.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            var spent = CreditText.Format(_spent);
            return _limit is { } limit
                ? $"{spent} spent of {CreditText.Format(limit)} ({CreditText.Format(Math.Max(0m, limit - _spent))} left)"
                : $"{spent} spent, no budget set (#!lyceum config --budget C sets one)";
        }
    }
}
