using Lyceum.Interactive.Budgets;
using Microsoft.Extensions.Time.Testing;

namespace Lyceum.Interactive.Tests.Budgets;

public sealed class CostMeterTests
{
    [Fact]
    public void the_cap_is_reached_within_a_check_interval_of_the_spend_reaching_it()
    {
        var time = new FakeTimeProvider();
        // 3.6 credits/hour = 0.001 a second: a cap of 0.01 is reached after 10 s.
        using var meter = new CostMeter(3.6m, 0.01m, time);
        meter.Start();

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(meter.Reached);
        Assert.Equal(0.009m, meter.Spent);
        Assert.Equal("0.009 of 0.01 credits", meter.Describe());
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(meter.Reached);
        Assert.True(meter.CapReached.IsCancellationRequested);
        Assert.Equal("Aborted: the spend reached --max-cost 0.01 credits (0.01 at 3.60 credits/hour). Raise --max-cost to let it run longer.", meter.CapMessage);
    }

    [Fact]
    public void a_sweeps_runs_add_up_against_one_cap_and_ended_runs_stop_costing()
    {
        var time = new FakeTimeProvider();
        using var meter = new CostMeter(3.6m, 0.02m, time);
        meter.Start(0);
        meter.Start(1);
        time.Advance(TimeSpan.FromSeconds(4));
        meter.Stop(0);
        time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(0.004m, meter.SpentBy(0));
        Assert.Equal(0.008m, meter.SpentBy(1));
        Assert.False(meter.Reached);
        meter.Start(2);
        time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(0.02m, meter.Spent);
        Assert.True(meter.Reached);
    }

    [Fact]
    public void without_a_cap_the_meter_only_counts()
    {
        var time = new FakeTimeProvider();
        using var meter = new CostMeter(0.36m, null, time);
        meter.Start();
        time.Advance(TimeSpan.FromHours(10));

        Assert.Equal(3.6m, meter.Spent);
        Assert.Equal("3.60 credits", meter.Describe());
        Assert.False(meter.Reached);
    }

    [Fact]
    public void an_ended_run_counts_its_bill_instead_of_the_estimate()
    {
        var time = new FakeTimeProvider();
        using var meter = new CostMeter(3.6m, 1m, time);
        meter.Start(0);
        meter.Start(1);
        time.Advance(TimeSpan.FromSeconds(4));
        meter.Settle(0, 0.005m);
        time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(0.005m, meter.SpentBy(0));
        Assert.Equal(0.013m, meter.Spent);
        Assert.True(meter.IsEstimate);
        meter.Settle(1, null);
        time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(0.008m, meter.SpentBy(1));
        Assert.True(meter.IsEstimate);
        meter.Settle(1, 0.009m);
        Assert.Equal(0.014m, meter.Spent);
        Assert.False(meter.IsEstimate);
    }

    [Fact]
    public void an_unknown_price_counts_nothing_and_cannot_carry_a_cap()
    {
        using var meter = new CostMeter(null, null, new FakeTimeProvider());
        meter.Start();

        Assert.Null(meter.Spent);
        Assert.Null(meter.Describe());
        Assert.Throws<ArgumentException>(() => new CostMeter(null, 1m, new FakeTimeProvider()));
    }
}
