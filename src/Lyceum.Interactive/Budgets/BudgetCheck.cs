namespace Lyceum.Interactive.Budgets;

/// <summary>Decides before a start whether a run (or sweep) fits: its worst case against the session budget left and
/// against the account's credits. A refusal gives both numbers and what to change.</summary>
internal static class BudgetCheck
{
    /// <summary>Checks <paramref name="forecast"/> against the session budget (when set) and the credits left (when known).</summary>
    /// <param name="forecast">What the run or sweep may cost at most.</param>
    /// <param name="budget">The session's budget and spend.</param>
    /// <param name="creditsLeft">The account's remaining credits; null when they could not be read.</param>
    public static BudgetVerdict Check(RunForecast forecast, SessionBudget budget, decimal? creditsLeft)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(budget);
        var what = forecast.Runs == 1 ? "this cell" : $"this sweep of {forecast.Runs} runs";
        var left = budget.Left;
        if (forecast.WorstCase is not { } worst)
        {
            if (left is { } budgetLeft)
                return new BudgetVerdict(false,
                    $"Not started: the price of {forecast.Machine} is unknown (the service publishes none), so the worst case of {what} cannot be "
                    + $"checked against the {CreditText.Format(budgetLeft)} credits left of this session's budget. Set --max-cost to cap its spend, "
                    + "pick a --machine with a known price, or lift the budget with #!lyceum config --budget none.");
            return new BudgetVerdict(true,
                $"The price of {forecast.Machine} is unknown (the service publishes none): the worst case of {what} was not checked against your credits.");
        }

        var fixes = Fixes(forecast);
        if (left is { } remaining && worst > remaining)
            return new BudgetVerdict(false,
                $"Not started: {what} could cost up to {CreditText.Format(worst)} credits ({forecast.Reckoning}), more than the "
                + $"{CreditText.Format(remaining)} credits left of this session's budget ({CreditText.Format(budget.Limit!.Value)} set, "
                + $"{CreditText.Format(budget.Spent)} spent). {fixes}, or raise the budget with #!lyceum config --budget.");
        if (creditsLeft is { } credits && worst > credits)
            return new BudgetVerdict(false,
                $"Not started: {what} could cost up to {CreditText.Format(worst)} credits ({forecast.Reckoning}), more than the "
                + $"{CreditText.Format(Math.Max(0m, credits))} credits left on the account. {fixes}, or add credits (#!lyceum credits shows the balance).");
        return BudgetVerdict.Go;
    }

    private static string Fixes(RunForecast forecast) =>
        forecast.Runs == 1
            ? "Lower --timeout, set --max-cost, pick a cheaper --machine"
            : "Lower --timeout, sweep fewer values, set --max-cost, pick a cheaper --machine";
}
