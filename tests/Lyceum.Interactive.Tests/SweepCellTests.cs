using System.Text.Json;
using Lyceum.Client;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.Extensions.Time.Testing;

namespace Lyceum.Interactive.Tests;

/// <summary>Sweeps and budgets of remote cells against Lyceum Local (its cpu costs 0.10 credits an hour).</summary>
public sealed class SweepCellTests : IClassFixture<LocalServerFixture>, IDisposable
{
    private readonly LocalServerFixture _local;
    private readonly FakeTimeProvider _time = new();
    private readonly Notebook _notebook;

    public SweepCellTests(LocalServerFixture local)
    {
        _local = local;
        Formatter.ResetToDefault();
        _notebook = new Notebook(null, load: false);
        LyceumKernelExtension.Load(_notebook.Kernel, local.NewClient(), _time);
    }

    public void Dispose() => _notebook.Dispose();

    private static SweepCard LastCard(KernelCommandResult result) =>
        result.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<SweepCard>().Last();

    // Waits (on the kernel's events, no sleeping) for a sweep card that passes the test.
    private TaskCompletionSource<SweepCard> CardWhen(Func<SweepCard, bool> test, out IDisposable subscription)
    {
        var seen = new TaskCompletionSource<SweepCard>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscription = _notebook.Kernel.KernelEvents.Subscribe(e =>
        {
            if (e is DisplayEvent { Value: SweepCard card } && test(card))
                seen.TrySetResult(card);
        });
        return seen;
    }

    // Waits (on the kernel's events, no sleeping) for a run card that passes the test.
    private TaskCompletionSource<RunCard> RunCardWhen(Func<RunCard, bool> test, out IDisposable subscription)
    {
        var seen = new TaskCompletionSource<RunCard>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscription = _notebook.Kernel.KernelEvents.Subscribe(e =>
        {
            if (e is DisplayEvent { Value: RunCard card } && test(card))
                seen.TrySetResult(card);
        });
        return seen;
    }

    [Fact]
    public async Task a_sweep_runs_every_combination_with_its_values_bound_and_its_results_reach_csharp()
    {
        var result = await _notebook.SubmitAsync("#!lyceum-python --sweep a=1,2 --sweep b=10,'x' --parallel 2\nprint('a is', a)\na * b");

        result.Succeeded();
        var card = LastCard(result);
        Assert.True(card.Ended);
        Assert.Equal(["a=1, b=10", "a=1, b='x'", "a=2, b=10", "a=2, b='x'"], card.Rows.Select(r => r.Parameters));
        Assert.All(card.Rows, r => Assert.Equal(ExecutionStates.Completed, r.State));
        Assert.Equal(["10", "'x'", "20", "'xx'"], card.Rows.Select(r => r.Result));
        Assert.Equal("a is 2\n", card.Rows[2].Output);
        Assert.Contains("4 of 4 runs done (4 succeeded, 0 failed)", Formatter.ToDisplayString(card, "text/plain"));
        Assert.DoesNotContain("a is", result.Stdout());

        var set = await _notebook.SubmitAsync("#!csharp\n#!set --name s --value @lyceum-python:sweep\ns.ToString()");
        set.Succeeded();
        var value = await _notebook.SendAsync(new RequestValue("sweep", mimeType: "application/json", targetKernelName: "lyceum-python"));
        var rows = JsonDocument.Parse(value.Events.OfType<ValueProduced>().Single().FormattedValue.Value).RootElement;
        Assert.Equal(4, rows.GetArrayLength());
        Assert.Equal(20, rows[2].GetProperty("result").GetInt32());
        Assert.Equal(2, rows[2].GetProperty("parameters").GetProperty("a").GetInt32());
        Assert.Equal("completed", rows[2].GetProperty("state").GetString());
    }

    [Fact]
    public async Task a_connected_kernel_sweeps_its_cells_too()
    {
        (await _notebook.SubmitAsync("#!connect lyceum --kernel-name swept")).Succeeded();

        var result = await _notebook.SubmitAsync("#!swept --sweep seed=0,1\nseed + 100");

        result.Succeeded();
        Assert.Equal(["100", "101"], LastCard(result).Rows.Select(r => r.Result));
    }

    [Fact]
    public async Task a_failed_run_does_not_stop_the_others_and_the_cell_fails_naming_it()
    {
        var result = await _notebook.SubmitAsync("#!lyceum-python --sweep x=1,0,4\n8 / x");

        var card = LastCard(result);
        Assert.Equal(["8.0", null, "2.0"], card.Rows.Select(r => r.Result));
        Assert.Equal("ZeroDivisionError: division by zero", card.Rows[1].Error);
        Assert.Equal(ExecutionStates.Completed, card.Rows[2].State);
        Assert.Contains("Traceback", card.Rows[1].Output);
        Assert.StartsWith("1 of 3 runs did not complete; run 2 (x=0) ended", result.Failed().Message);
        Assert.Contains("ZeroDivisionError: division by zero", result.Failed().Message);
    }

    [Fact]
    public async Task fail_fast_stops_the_sweep_at_the_first_failure()
    {
        var result = await _notebook.SubmitAsync("#!lyceum-python --sweep x=0,1,2 --parallel 1 --fail-fast\n8 / x");

        var card = LastCard(result);
        Assert.Equal("ZeroDivisionError: division by zero", card.Rows[0].Error);
        Assert.All(card.Rows.Skip(1), r => Assert.Equal(ExecutionStates.Cancelled, r.State));
        Assert.Contains("--fail-fast", card.Message);
        result.Failed();
    }

    [Fact]
    public async Task a_sweep_whose_worst_case_exceeds_the_budget_is_refused_before_any_run_starts()
    {
        (await _notebook.SubmitAsync("#!lyceum config --budget 0.02")).Succeeded();

        var result = await _notebook.SubmitAsync("#!lyceum-python --sweep x=1,2,3 --timeout 600\nx");

        Assert.Equal("Not started: this sweep of 3 runs could cost up to 0.05 credits (3 runs × 600 s timeout × 0.10 credits/hour on cpu), more than the "
            + "0.02 credits left of this session's budget (0.02 set, 0 spent). Lower --timeout, sweep fewer values, set --max-cost, pick a cheaper --machine, "
            + "or raise the budget with #!lyceum config --budget.", result.Failed().Message);
        Assert.Empty(result.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<SweepCard>());
        var capped = await _notebook.SubmitAsync("#!lyceum-python --sweep x=1,2 --timeout 600 --max-cost 0.01\nx");
        capped.Succeeded();
        var status = await _notebook.SubmitAsync("#!lyceum status");
        Assert.Contains(status.Formatted("text/plain"), t => t.Contains("Session spend: ") && t.Contains(" spent of 0.02 ("));
    }

    [Fact]
    public async Task a_quiet_cell_with_max_cost_shows_its_spend_moving_and_is_aborted_at_the_cap_saying_why()
    {
        // 0.10 credits/hour: a cap of 0.001 is reached after 36 s of run time on the notebook's clock.
        var running = RunCardWhen(c => c.State == ExecutionStates.Running, out var subscription);
        using var _ = subscription;
        var cell = _notebook.SubmitAsync("#!lyceum-python --max-cost 0.001 --timeout 300\nimport time\ntime.sleep(240)");
        await running.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // The run prints nothing: the card's spend still moves with the clock.
        var halfway = RunCardWhen(c => c.CostEstimate >= 0.0005m, out var halfwaySubscription);
        using var __ = halfwaySubscription;
        _time.Advance(TimeSpan.FromSeconds(18));
        var half = await halfway.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("~0.0005 of 0.001 credits (estimate", Formatter.ToDisplayString(half, "text/plain"));
        Assert.True(half.Elapsed >= TimeSpan.FromSeconds(18));

        _time.Advance(TimeSpan.FromSeconds(19));
        var result = await cell;

        Assert.StartsWith("Aborted: the spend reached --max-cost 0.001 credits (", result.Failed().Message);
        Assert.EndsWith("Raise --max-cost to let it run longer.", result.Failed().Message);
        Assert.Empty(result.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<SweepCard>());
        var card = result.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<RunCard>().Last();
        Assert.Equal("aborted (cost cap)", card.StateText);
        Assert.Equal(result.Failed().Message, card.Message);
        // The service's bill of the aborted run, against the cap.
        Assert.NotNull(card.Cost);
        Assert.Contains(" of 0.001 credits", Formatter.ToDisplayString(card, "text/plain"));
        using var client = _local.NewClient();
        var status = await client.Executions.GetStatusAsync(card.ExecutionId!);
        Assert.Equal(ExecutionStates.Aborted, status.Status);
        Assert.Equal(status.Cost, card.Cost);
    }

    [Fact]
    public async Task a_cell_with_max_cost_streams_its_output_into_the_cell_until_the_cap()
    {
        // On the real clock: 0.0002 credits at 0.10 credits/hour is about 7 s of run time.
        using var notebook = new Notebook(null, load: false);
        LyceumKernelExtension.Load(notebook.Kernel, _local.NewClient());

        var result = await notebook.SubmitAsync("#!lyceum-python --max-cost 0.0002 --timeout 300\nimport time\nprint('started', flush=True)\ntime.sleep(240)")
            .WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal("started\n", result.Stdout());
        Assert.StartsWith("Aborted: the spend reached --max-cost 0.0002 credits", result.Failed().Message);
        Assert.Equal("aborted (cost cap)", result.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<RunCard>().Last().StateText);
    }

    [Fact]
    public async Task a_sweep_with_max_cost_aborts_every_run_at_the_cap()
    {
        var allRunning = CardWhen(c => c.Rows.All(r => r.State == ExecutionStates.Running), out var subscription);
        using var _ = subscription;
        var cell = _notebook.SubmitAsync("#!lyceum-python --sweep x=1,2 --parallel 2 --max-cost 0.001 --timeout 300\nimport time\nprint(x, flush=True)\ntime.sleep(240)");
        await allRunning.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // Two runs at 0.10 credits/hour: together they reach 0.001 after 18 s.
        _time.Advance(TimeSpan.FromSeconds(19));
        var result = await cell;

        Assert.StartsWith("Aborted: the spend reached --max-cost 0.001 credits", result.Failed().Message);
        var card = LastCard(result);
        Assert.All(card.Rows, r => Assert.Equal("aborted (cost cap)", r.StateText));
        Assert.All(card.Rows, r => Assert.NotNull(r.Cost));
        Assert.False(card.CostIsEstimate);
        Assert.StartsWith("Aborted: the spend reached --max-cost", card.Message);
    }

    [Fact]
    public async Task stop_aborts_every_run_of_the_sweep()
    {
        var allRunning = CardWhen(c => c.Rows.All(r => r.State == ExecutionStates.Running), out var subscription);
        using var _ = subscription;
        // The host ends the cell at once on stop; the card's final update comes once every run was aborted.
        var ended = CardWhen(c => c.Ended, out var endSubscription);
        using var __ = endSubscription;
        // Two at once: Lyceum Local runs at least 8 at once by default.
        var cell = _notebook.SubmitAsync("#!lyceum-python --sweep x=1,2 --parallel 2\nimport time\nprint(x, flush=True)\ntime.sleep(240)");
        var running = await allRunning.Task.WaitAsync(TimeSpan.FromSeconds(60));

        (await _notebook.SendAsync(new Cancel())).Succeeded();
        await cell;
        var final = await ended.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("Stopped: every started run of the sweep was aborted on Lyceum.", final.Message);
        using var client = _local.NewClient();
        foreach (var row in running.Rows)
            Assert.Equal(ExecutionStates.Aborted, (await client.Executions.GetStatusAsync(row.ExecutionId!)).Status);
    }

    [Fact]
    public async Task a_sweep_bigger_than_the_run_starts_left_is_refused_saying_so()
    {
        (await _notebook.SubmitAsync("#!lyceum-python\nprint(1)")).Succeeded();
        var values = string.Join(',', Enumerable.Range(0, 10));

        var result = await _notebook.SubmitAsync($"#!lyceum-python --sweep a={values} --sweep b={values}\na + b");

        Assert.Matches(@"^Not started: this sweep of 100 runs need 100 run starts, but only \d+ of the service's 100 an hour are left", result.Failed().Message);
    }
}
