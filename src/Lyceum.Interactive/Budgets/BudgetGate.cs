using Lyceum.Client;

namespace Lyceum.Interactive.Budgets;

/// <summary>The check before a start: reads the machine's price and the account's credits and refuses, with the
/// numbers, a run or sweep whose worst case exceeds the session budget left or the credits.</summary>
internal static class BudgetGate
{
    private static readonly TimeSpan CreditsTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Checks a start; returns the machine's price per hour (null when unknown) and a note to show, if any.</summary>
    /// <param name="connection">The notebook's connection (client, prices, session budget).</param>
    /// <param name="machine">The machine type.</param>
    /// <param name="timeout">The run's time limit in seconds; null is the service's default of 60 s.</param>
    /// <param name="runs">How many runs start (a sweep's combinations).</param>
    /// <param name="maxCost">The <c>--max-cost</c> cap, if any.</param>
    /// <param name="cancellationToken">The cell's stop.</param>
    /// <exception cref="LyceumCommandException">Refused; the message gives the budget left or the credits, the worst case,
    /// and what to change.</exception>
    public static async Task<(decimal? Price, string? Note)> CheckAsync(LyceumConnection connection, string machine, int? timeout, int runs, decimal? maxCost,
        CancellationToken cancellationToken)
    {
        var client = connection.Require();
        var price = (await connection.PricesAsync(cancellationToken).ConfigureAwait(false)).PriceOf(machine);
        if (maxCost is { } cap && price is null)
            throw new LyceumCommandException($"--max-cost {CreditText.Format(cap)} needs the price of {machine}, which the service does not publish, so the spend "
                + "cannot be metered. Run without --max-cost, or pick a --machine with a known price.");
        // The credits are asked only where the answer can refuse something: every plain cell would spend the billing rate limit.
        decimal? credits = null;
        if (price is not null && (runs > 1 || maxCost is not null || connection.Budget.Limit is not null))
            credits = await CreditsAsync(client, cancellationToken).ConfigureAwait(false);
        var verdict = BudgetCheck.Check(new RunForecast(machine, price, TimeSpan.FromSeconds(timeout ?? 60), runs, maxCost), connection.Budget, credits);
        if (!verdict.Allowed)
            throw new LyceumCommandException(verdict.Message!);
        return (price, verdict.Message);
    }

    private static async Task<decimal?> CreditsAsync(LyceumClient client, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CreditsTimeout);
        try
        {
            return (await client.Billing.GetCreditsAsync(timeout.Token).ConfigureAwait(false)).RemainingCredits;
        }
        catch (Exception e) when (e is LyceumException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Unknown credits are not held against a run; the service refuses a start it cannot pay for anyway.
            return null;
        }
    }
}
