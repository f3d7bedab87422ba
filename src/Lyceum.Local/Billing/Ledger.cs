using Lyceum.Local.Data;

namespace Lyceum.Local.Billing;

/// <summary>
/// Credits as ledger entries: purchases add, runs charge. This month's free credits are spent before purchased ones.
/// A start is admitted only while the balance minus what the account's live runs may still cost is above zero, checked
/// and held in one step (concurrent starts cannot all pass a small balance); the hold becomes the charge when the run ends.
/// </summary>
internal sealed class Ledger(Database db, decimal monthlyFreeCredits, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (string AccountId, decimal Amount)> _holds = [];

    public static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Holds <paramref name="maxCost"/> for the run when the balance minus the account's holds is above zero; else the
    /// balance as it stands (the caller answers 402), and nothing is held.
    /// </summary>
    public async Task<Credits?> TryHoldAsync(string accountId, string executionId, decimal maxCost, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var balance = await BalanceAsync(accountId, cancellationToken);
            decimal held;
            lock (_holds)
                held = _holds.Values.Where(h => h.AccountId == accountId).Sum(h => h.Amount);
            if (balance.AvailableCredits - held <= 0)
                return balance with { AvailableCredits = Round(balance.AvailableCredits - held), RemainingCredits = Round(balance.AvailableCredits - held) };
            lock (_holds)
                _holds[executionId] = (accountId, maxCost);
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops a run's hold without charging (the run never started).</summary>
    public void ReleaseHold(string executionId)
    {
        lock (_holds)
            _holds.Remove(executionId);
    }

    public async Task<Credits> BalanceAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var month = Month(time.GetUtcNow());
        var rows = await db.QueryAsync(
            """
            SELECT
              COALESCE(SUM(CASE WHEN kind = 'run' AND source = 'free' AND month = $month THEN -amount END), 0),
              COALESCE(SUM(CASE WHEN kind = 'purchase' THEN amount END), 0),
              COALESCE(SUM(CASE WHEN kind = 'run' AND source = 'purchased' THEN -amount END), 0),
              COALESCE(SUM(CASE WHEN kind = 'run' AND month = $month THEN -amount END), 0),
              COALESCE(SUM(CASE WHEN kind = 'run' THEN -amount END), 0)
            FROM ledger WHERE account_id = $accountId
            """,
            new { accountId, month }, r => Enumerable.Range(0, 5).Select(i => Round((decimal)r.GetDouble(i))).ToArray(), cancellationToken);
        var (freeUsed, purchased, purchasedUsed, usedThisMonth, usedEver) = (rows[0][0], rows[0][1], rows[0][2], rows[0][3], rows[0][4]);
        var freeLeft = Math.Max(0m, monthlyFreeCredits - freeUsed);
        var purchasedLeft = purchased - purchasedUsed;
        var available = Round(freeLeft + purchasedLeft);
        return new Credits(available, usedThisMonth, available, monthlyFreeCredits, Round(purchasedLeft), usedEver, freeLeft);
    }

    /// <summary>Charges a run's cost (from this month's free credits first, the rest from purchased credits) in place of its hold.</summary>
    public async Task ChargeAsync(string accountId, decimal amount, string executionId, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ReleaseHold(executionId);
            if (amount <= 0)
                return;
            var balance = await BalanceAsync(accountId, cancellationToken);
            var fromFree = Math.Min(amount, balance.FreeCreditsRemaining);
            if (fromFree > 0)
                await AddAsync(accountId, "run", "free", -fromFree, executionId, cancellationToken);
            if (amount - fromFree > 0)
                await AddAsync(accountId, "run", "purchased", -(amount - fromFree), executionId, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task PurchaseAsync(string accountId, decimal amount, string sessionId, CancellationToken cancellationToken = default) =>
        AddAsync(accountId, "purchase", "purchased", amount, sessionId, cancellationToken);

    private Task AddAsync(string accountId, string kind, string source, decimal amount, string reference, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        return db.ExecuteAsync(
            "INSERT INTO ledger (account_id, at, month, kind, source, amount, execution_id) VALUES ($accountId, $at, $month, $kind, $source, $amount, $reference)",
            new { accountId, at, month = Month(at), kind, source, amount, reference }, cancellationToken);
    }

    private static decimal Round(decimal value) => Math.Round(value, 6);
}
