using Lyceum.Client.Tests.Infrastructure;

namespace Lyceum.Client.Tests;

/// <summary>Many runs at once against Lyceum Local: bounded parallelism, events tagged by run, failures, aborts.</summary>
public sealed class MapTests(LocalServer local) : IClassFixture<LocalServer>
{
    private const string Forever = "import time\ntime.sleep(120)";

    private static PythonRunRequest Python(string code) => new(code) { Timeout = 150 };

    private static async Task<List<MappedExecutionEvent>> CollectAsync(IAsyncEnumerable<MappedExecutionEvent> events)
    {
        var list = new List<MappedExecutionEvent>();
        await foreach (var e in events)
            list.Add(e);
        return list;
    }

    private static string OutputOf(IEnumerable<MappedExecutionEvent> events, int index) =>
        string.Concat(events.Where(e => e.Index == index).Select(e => e.Event).OfType<ExecutionOutput>().Select(o => o.Text));

    private static ExecutionFinished FinishOf(IEnumerable<MappedExecutionEvent> events, int index) =>
        Assert.Single(events.Where(e => e.Index == index).Select(e => e.Event).OfType<ExecutionFinished>());

    [Fact]
    public async Task every_request_runs_once_and_its_events_are_tagged_with_its_index()
    {
        using var client = local.NewClient();
        var requests = Enumerable.Range(0, 5).Select(i => Python($"print('run {i}')")).ToList();

        var events = await CollectAsync(client.Executions.MapAsync(requests, new MapOptions { MaxParallelism = 3 }));

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal($"run {i}\n", OutputOf(events, i));
            Assert.True(FinishOf(events, i).Succeeded);
            Assert.Single(events.Where(e => e.Index == i).Select(e => e.ExecutionId).Distinct());
            Assert.NotNull(events.First(e => e.Index == i).ExecutionId);
            Assert.IsType<ExecutionStatusChanged>(events.First(e => e.Index == i).Event);
        }

        Assert.Equal(5, events.Select(e => e.ExecutionId).Distinct().Count());
    }

    [Fact]
    public async Task no_more_runs_are_live_at_once_than_the_parallel_bound()
    {
        using var client = local.NewClient();
        // Each run lasts long enough that an unbounded map would have all four live together.
        var requests = Enumerable.Range(0, 4).Select(_ => Python("import time\ntime.sleep(0.4)")).ToList();
        int live = 0, most = 0;

        await foreach (var e in client.Executions.MapAsync(requests, new MapOptions { MaxParallelism = 2 }))
        {
            if (e.Event is ExecutionStatusChanged && e.ExecutionId is not null)
                most = Math.Max(most, ++live);
            if (e.Event is ExecutionFinished)
                live--;
        }

        Assert.Equal(2, most);
        Assert.Equal(0, live);
    }

    [Fact]
    public async Task a_failed_run_does_not_stop_the_others()
    {
        using var client = local.NewClient();
        List<PythonRunRequest> requests = [Python("print('a')"), Python("raise ValueError('bad learning rate')"), Python("print('c')")];

        var events = await CollectAsync(client.Executions.MapAsync(requests, new MapOptions { MaxParallelism = 1 }));

        Assert.True(FinishOf(events, 0).Succeeded);
        Assert.False(FinishOf(events, 1).Succeeded);
        Assert.Contains("bad learning rate", OutputOf(events, 1) + FinishOf(events, 1).Error);
        Assert.True(FinishOf(events, 2).Succeeded);
        Assert.Equal("c\n", OutputOf(events, 2));
    }

    [Fact]
    public async Task fail_fast_aborts_the_live_runs_and_never_starts_the_rest()
    {
        using var client = local.NewClient();
        List<PythonRunRequest> requests = [Python("raise SystemExit(3)"), Python(Forever), Python("print('never')"), Python("print('never')")];

        var events = await CollectAsync(client.Executions.MapAsync(requests, new MapOptions { MaxParallelism = 2, FailFast = true }));

        Assert.False(FinishOf(events, 0).Succeeded);
        Assert.Equal(ExecutionStates.Aborted, FinishOf(events, 1).Status);
        foreach (var skipped in new[] { 2, 3 })
        {
            Assert.Equal(ExecutionStates.Cancelled, FinishOf(events, skipped).Status);
            Assert.Contains("Not started: run 1 ended", FinishOf(events, skipped).Error);
            Assert.All(events.Where(e => e.Index == skipped), e => Assert.Null(e.ExecutionId));
        }
    }

    [Fact]
    public async Task cancelling_aborts_every_started_run_on_the_service()
    {
        using var client = local.NewClient();
        var requests = Enumerable.Range(0, 3).Select(_ => Python(Forever)).ToList();
        using var stop = new CancellationTokenSource();
        var started = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in client.Executions.MapAsync(requests, new MapOptions { MaxParallelism = 3 }, stop.Token))
            {
                if (e.Event is ExecutionStatusChanged && e.ExecutionId is { } id && !started.Contains(id))
                    started.Add(id);
                if (started.Count == 3)
                    await stop.CancelAsync();
            }
        });

        Assert.Equal(3, started.Count);
        foreach (var id in started)
            Assert.Equal(ExecutionStates.Aborted, (await client.Executions.GetStatusAsync(id)).Status);
    }

    [Fact]
    public async Task leaving_the_enumeration_early_aborts_the_live_runs()
    {
        using var client = local.NewClient();
        var requests = Enumerable.Range(0, 2).Select(_ => Python(Forever)).ToList();
        var started = new HashSet<string>();

        await foreach (var e in client.Executions.MapAsync(requests))
        {
            if (e.ExecutionId is { } id)
                started.Add(id);
            if (started.Count == 2)
                break;
        }

        foreach (var id in started)
            Assert.Equal(ExecutionStates.Aborted, (await client.Executions.GetStatusAsync(id)).Status);
    }

    [Fact]
    public async Task a_parallel_bound_below_one_is_refused()
    {
        using var client = local.NewClient();

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => client.Executions.MapAsync([Python("print(1)")], new MapOptions { MaxParallelism = 0 }));

        Assert.Contains("MaxParallelism must be at least 1", e.Message);
    }
}
