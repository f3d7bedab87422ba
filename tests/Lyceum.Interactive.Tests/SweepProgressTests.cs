using Lyceum.Client;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Tests.Infrastructure;
using Lyceum.Local;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.Extensions.Time.Testing;

namespace Lyceum.Interactive.Tests;

/// <summary>A sweep's live progress against a Lyceum Local that runs one run at a time: queued runs show as queued and
/// their time does not count, and the card's elapsed time and spend move with the clock while the runs are quiet.</summary>
public sealed class SweepProgressTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private LyceumLocalServer? _server;
    private Notebook? _notebook;

    public async Task InitializeAsync()
    {
        Formatter.ResetToDefault();
        _server = await LyceumLocalServer.StartAsync(new LyceumLocalOptions { MaxConcurrency = 1 });
        _notebook = new Notebook(null, load: false);
        LyceumKernelExtension.Load(_notebook.Kernel, NewClient(), _time);
    }

    public async Task DisposeAsync()
    {
        _notebook?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    private LyceumClient NewClient() => new(LyceumCredential.FromApiKey(_server!.ApiKey), new LyceumClientOptions { Endpoint = _server.BaseUrl });

    private TaskCompletionSource<SweepCard> CardWhen(Func<SweepCard, bool> test, out IDisposable subscription)
    {
        var seen = new TaskCompletionSource<SweepCard>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscription = _notebook!.Kernel.KernelEvents.Subscribe(e =>
        {
            if (e is DisplayEvent { Value: SweepCard card } && test(card))
                seen.TrySetResult(card);
        });
        return seen;
    }

    [Fact]
    public async Task a_run_the_service_holds_queued_shows_as_queued_and_only_running_time_counts()
    {
        // Both start at once; whichever the service took first runs, the other waits queued.
        var oneRunning = CardWhen(c => c.Rows.Count(r => r.State == ExecutionStates.Running) == 1 && c.Rows.Count(r => r.State == ExecutionStates.Queued) == 1,
            out var subscription);
        using var _ = subscription;
        var cell = _notebook!.SubmitAsync("#!lyceum-python --sweep x=1,2 --parallel 2 --timeout 300\nimport time\nprint(x, flush=True)\ntime.sleep(240)");
        var first = await oneRunning.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("1 running, 1 queued, 0 waiting", Formatter.ToDisplayString(first, "text/plain"));
        var (runs, waits) = first.Rows[0].State == ExecutionStates.Running ? (0, 1) : (1, 0);

        // Nothing is printed meanwhile: the card still moves with the clock, and the queued run's time stays at zero.
        var later = CardWhen(c => c.Rows[runs].Elapsed >= TimeSpan.FromSeconds(30), out var laterSubscription);
        using var __ = laterSubscription;
        _time.Advance(TimeSpan.FromSeconds(30));
        // The session may be between two waits on the clock when it moves (it was just handling the run's output): its
        // next tick is then due a second after the jump, so nudge the clock until that tick shows the card.
        for (var nudges = 0; nudges < 60 && !later.Task.IsCompleted; nudges++)
        {
            try
            {
                await later.Task.WaitAsync(TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
            }
        }
        var card = await later.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ExecutionStates.Queued, card.Rows[waits].State);
        Assert.Equal(TimeSpan.Zero, card.Rows[waits].Elapsed);
        Assert.True(card.Rows[runs].CostEstimate > 0m);
        Assert.Null(card.Rows[waits].CostEstimate);
        Assert.True(card.CostIsEstimate);
        Assert.Contains("~", Formatter.ToDisplayString(card, "text/plain"));

        var ended = CardWhen(c => c.Ended, out var endSubscription);
        using var ___ = endSubscription;
        (await _notebook.SendAsync(new Cancel())).Succeeded();
        await cell;
        var final = await ended.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(final.Rows, r => Assert.Equal("aborted (stopped)", r.StateText));
    }

    [Fact]
    public async Task a_finished_sweep_shows_each_runs_bill_and_the_session_spend_counts_it()
    {
        var result = await _notebook!.SubmitAsync("#!lyceum-python --sweep x=1,2\nimport time\ntime.sleep(1.5)\nx");

        result.Succeeded();
        var card = result.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<SweepCard>().Last();
        Assert.False(card.CostIsEstimate);
        using var client = NewClient();
        foreach (var row in card.Rows)
        {
            var status = await client.Executions.GetStatusAsync(row.ExecutionId!);
            Assert.Equal(status.Cost, row.Cost);
            Assert.True(row.Cost > 0m);
        }
        var status2 = await _notebook.SubmitAsync("#!lyceum status");
        var total = card.Rows.Sum(r => r.Cost!.Value);
        Assert.Contains(status2.Formatted("text/plain"), t => t.Contains($"Session spend: {Lyceum.Interactive.Budgets.CreditText.Format(total)} spent"));
    }
}
