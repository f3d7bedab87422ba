using Lyceum.Client.Streaming;
using Lyceum.Client.Tests.Infrastructure;

namespace Lyceum.Client.Tests;

/// <summary>Silence is not death: a quiet run is never cut, a connection that went silent while the run moved on is
/// resumed. The scripted servers move on when the client has asked (never after a time), and the client's silence
/// interval is short, so no test waits for a clock.</summary>
public sealed partial class StreamTests
{
    private static readonly StreamOptions ShortSilence = FastResume with { SilenceCheckInterval = TimeSpan.FromMilliseconds(100) };

    [Theory]
    [InlineData("sse")]
    [InlineData("ws")]
    public async Task a_quiet_stream_is_never_cut_while_the_status_says_the_run_is_still_going(string transport)
    {
        await using var server = await ScriptedServer.StartAsync();
        var checks = new StatusScript("""{"execution_id":"ex1","status":"running","last_seq":1}""", signalAt: 3);
        server.On("GET", "/execution/streaming/ex1/status", checks.AnswerAsync);
        server.On("GET", "/execution/streaming/ex1", ctx => StreamPlayer.PlayStepsAsync(ctx,
            [(null, [Chunk(1)]), (checks.Reached, [Chunk(2), FinishAt(3)])], StreamPlayer.Ending.Close));
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, transport), ShortSilence);

        Assert.Equal("c1 c2 ", Text(events));
        Assert.IsType<ExecutionFinished>(events[^1]);
        Assert.Single(server.RequestsTo("GET", "/execution/streaming/ex1"));
        Assert.Empty(events.OfType<ExecutionReconnecting>());
        Assert.True(checks.Count >= 3);
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("ws")]
    public async Task a_silent_stream_of_a_run_that_has_ended_is_resumed_and_finishes(string transport)
    {
        await using var server = await ScriptedServer.StartAsync();
        var afterValues = new List<string>();
        server.OnJson("GET", "/execution/streaming/ex1/status", """{"execution_id":"ex1","status":"completed","return_code":0}""");
        server.OnSequence("GET", "/execution/streaming/ex1",
            // A proxy that stopped forwarding: the socket stays open, nothing more arrives.
            ctx => StreamPlayer.PlayStepsAsync(ctx, [(null, [Chunk(1), Chunk(2)])], StreamPlayer.Ending.Hold),
            ctx =>
            {
                afterValues.Add(ctx.Request.Query["after"].ToString());
                return StreamPlayer.PlayAsync(ctx, [Chunk(3), FinishAt(4)]);
            });
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, transport), ShortSilence);

        Assert.Equal("c1 c2 c3 ", Text(events));
        Assert.IsType<ExecutionFinished>(events[^1]);
        Assert.Equal("2", afterValues[0]);
        var reconnecting = events.OfType<ExecutionReconnecting>().First();
        Assert.Contains("although the run has ended", reconnecting.Reason, StringComparison.Ordinal);
        Assert.True(reconnecting.Offline >= ShortSilence.SilenceCheckInterval);
        Assert.IsType<ExecutionReconnected>(events[events.IndexOf(reconnecting) + 1]);
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("ws")]
    public async Task a_silent_stream_while_the_run_prints_on_is_resumed_from_the_last_seq(string transport)
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/execution/streaming/ex1/status", """{"execution_id":"ex1","status":"running","last_seq":4}""");
        server.OnSequence("GET", "/execution/streaming/ex1",
            ctx => StreamPlayer.PlayStepsAsync(ctx, [(null, [Chunk(1)])], StreamPlayer.Ending.Hold),
            ctx => StreamPlayer.PlayAsync(ctx, [Chunk(2), Chunk(3), Chunk(4), FinishAt(5)]));
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, transport), ShortSilence);

        Assert.Equal("c1 c2 c3 c4 ", Text(events));
        Assert.Contains("although the run has printed more", events.OfType<ExecutionReconnecting>().First().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_silence_the_service_cannot_explain_resumes_the_stream()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnSequence("GET", "/execution/streaming/ex1/status",
            ScriptedServer.Json("""{"detail":"bad gateway"}""", 502),
            ScriptedServer.Json("""{"execution_id":"ex1","status":"running"}"""));
        server.OnSequence("GET", "/execution/streaming/ex1",
            ctx => StreamPlayer.PlayStepsAsync(ctx, [(null, [Chunk(1)])], StreamPlayer.Ending.Hold),
            ctx => StreamPlayer.PlayAsync(ctx, [Chunk(2), FinishAt(3)]));
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, "sse"), ShortSilence);

        Assert.Equal("c1 c2 ", Text(events));
        Assert.Contains("could not be asked", events.OfType<ExecutionReconnecting>().First().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_silence_check_waits_for_the_interval_on_the_injected_clock_and_repeats_while_the_silence_lasts()
    {
        var time = new ObservedTimeProvider();
        var activity = new StreamActivity(time);
        var checkedAt = new List<TimeSpan>();
        var start = time.GetTimestamp();
        using var stop = new CancellationTokenSource();
        activity.BeginWait();
        var watch = SilenceWatch.WatchAsync(activity, TimeSpan.FromSeconds(15), time, _ =>
        {
            checkedAt.Add(time.GetElapsedTime(start));
            return Task.FromResult<SilenceWatch.Verdict?>(checkedAt.Count == 3 ? new SilenceWatch.Verdict("enough") : null);
        }, stop.Token);

        await time.TimerCreatedAsync(1);
        time.Advance(TimeSpan.FromSeconds(14));
        Assert.Empty(checkedAt);
        time.Advance(TimeSpan.FromSeconds(1));
        await time.TimerCreatedAsync(2);

        // A byte arrives at 20 s: the silence starts over, so the next check comes at 35 s, then every 15 s.
        time.Advance(TimeSpan.FromSeconds(5));
        activity.Touch();
        time.Advance(TimeSpan.FromSeconds(10));
        await time.TimerCreatedAsync(3);
        Assert.Single(checkedAt);
        time.Advance(TimeSpan.FromSeconds(5));
        await time.TimerCreatedAsync(4);
        time.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal("enough", (await watch.WaitAsync(TimeSpan.FromSeconds(30)))!.Reason);
        Assert.Equal([TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(35), TimeSpan.FromSeconds(50)], checkedAt);
    }

    [Fact]
    public async Task a_reader_busy_handing_output_to_a_slow_consumer_is_not_silence()
    {
        var time = new ObservedTimeProvider();
        var activity = new StreamActivity(time);
        var checks = 0;
        using var stop = new CancellationTokenSource();
        var watch = SilenceWatch.WatchAsync(activity, TimeSpan.FromSeconds(15), time, _ =>
        {
            checks++;
            return Task.FromResult<SilenceWatch.Verdict?>(null);
        }, stop.Token);

        time.Advance(TimeSpan.FromMinutes(10));
        await stop.CancelAsync();

        Assert.Null(await watch);
        Assert.Equal(0, checks);
    }

    /// <summary>Answers status polls with one body, counts them, and completes <see cref="Reached"/> at the n-th.</summary>
    private sealed class StatusScript(string json, int signalAt)
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task Reached => _reached.Task;

        public Task AnswerAsync(Microsoft.AspNetCore.Http.HttpContext ctx)
        {
            if (Interlocked.Increment(ref _count) >= signalAt)
                _reached.TrySetResult();
            return ScriptedServer.Reply(ctx, 200, json);
        }
    }
}
