using Lyceum.Interactive.Budgets;

namespace Lyceum.Interactive.Tests.Budgets;

public sealed class BudgetCheckTests
{
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    private static SessionBudget Budget(decimal? limit, decimal spent = 0m)
    {
        var budget = new SessionBudget();
        budget.Set(limit);
        budget.Record(spent);
        return budget;
    }

    [Fact]
    public void a_sweep_whose_worst_case_exceeds_the_budget_left_is_refused_with_both_numbers()
    {
        var sweep = new RunForecast("gpu.a100", 2.50m, TenMinutes, Runs: 16);

        var verdict = BudgetCheck.Check(sweep, Budget(10m, spent: 4m), creditsLeft: 100m);

        Assert.False(verdict.Allowed);
        Assert.Equal("Not started: this sweep of 16 runs could cost up to 6.67 credits (16 runs × 600 s timeout × 2.50 credits/hour on gpu.a100), "
            + "more than the 6.00 credits left of this session's budget (10.00 set, 4.00 spent). Lower --timeout, sweep fewer values, set --max-cost, "
            + "pick a cheaper --machine, or raise the budget with #!lyceum config --budget.", verdict.Message);
    }

    [Fact]
    public void a_cell_whose_worst_case_exceeds_the_accounts_credits_is_refused_with_both_numbers()
    {
        var cell = new RunForecast("gpu.h100", 4m, TimeSpan.FromMinutes(30));

        var verdict = BudgetCheck.Check(cell, Budget(null), creditsLeft: 1.5m);

        Assert.False(verdict.Allowed);
        Assert.StartsWith("Not started: this cell could cost up to 2.00 credits (1800 s timeout × 4.00 credits/hour on gpu.h100)", verdict.Message);
        Assert.Contains("more than the 1.50 credits left on the account", verdict.Message);
        Assert.Contains("add credits (#!lyceum credits shows the balance)", verdict.Message);
        Assert.DoesNotContain("sweep fewer values", verdict.Message);
    }

    [Fact]
    public void a_worst_case_within_the_budget_and_the_credits_starts()
    {
        var verdict = BudgetCheck.Check(new RunForecast("cpu", 0.10m, TenMinutes, Runs: 4), Budget(1m), creditsLeft: 20m);

        Assert.Equal(BudgetVerdict.Go, verdict);
    }

    [Fact]
    public void a_cost_cap_bounds_the_worst_case_so_a_capped_sweep_fits_a_small_budget()
    {
        var capped = new RunForecast("gpu.a100", 2.50m, TenMinutes, Runs: 16, MaxCost: 1m);

        Assert.Equal(1m, capped.WorstCase);
        Assert.True(BudgetCheck.Check(capped, Budget(2m), creditsLeft: 20m).Allowed);
        var refused = BudgetCheck.Check(capped with { MaxCost = 3m }, Budget(2m), creditsLeft: 20m);
        Assert.Contains("could cost up to 3.00 credits (capped by --max-cost 3.00; uncapped 16 runs × 600 s timeout", refused.Message);
    }

    [Fact]
    public void an_unknown_price_refuses_only_when_the_user_set_a_budget()
    {
        var unknown = new RunForecast("gpu.b200", null, TenMinutes);

        var withBudget = BudgetCheck.Check(unknown, Budget(5m), creditsLeft: 20m);
        var without = BudgetCheck.Check(unknown, Budget(null), creditsLeft: 0.01m);

        Assert.False(withBudget.Allowed);
        Assert.Equal("Not started: the price of gpu.b200 is unknown (the service publishes none), so the worst case of this cell cannot be checked "
            + "against the 5.00 credits left of this session's budget. Set --max-cost to cap its spend, pick a --machine with a known price, "
            + "or lift the budget with #!lyceum config --budget none.", withBudget.Message);
        Assert.True(without.Allowed);
        Assert.Contains("The price of gpu.b200 is unknown", without.Message);
    }

    [Fact]
    public void unknown_credits_are_not_held_against_a_run()
    {
        Assert.True(BudgetCheck.Check(new RunForecast("cpu", 0.10m, TenMinutes), Budget(null), creditsLeft: null).Allowed);
    }

    [Fact]
    public void the_session_budget_says_what_was_spent_and_what_is_left()
    {
        var budget = Budget(10m, spent: 1.2m);
        budget.Record(0.0016m);

        Assert.Equal("1.20 spent of 10.00 (8.80 left)", budget.Describe());
        Assert.Equal(8.7984m, budget.Left);
        budget.Set(null);
        Assert.StartsWith("1.20 spent, no budget set", budget.Describe());
        Assert.Null(budget.Left);
    }

    [Fact]
    public void small_amounts_keep_their_digits_and_bad_amounts_say_what_to_type()
    {
        Assert.Equal("0.0017", CreditText.Format(0.0016666m));
        Assert.Equal("12.50", CreditText.Format(12.5m));
        Assert.Equal(2.5m, CreditText.Parse("2.5", "--max-cost"));
        var e = Assert.Throws<LyceumCommandException>(() => CreditText.Parse("-1", "--max-cost"));
        Assert.Equal("--max-cost -1: give a positive number of credits, e.g. --max-cost 2.50.", e.Message);
    }
}
