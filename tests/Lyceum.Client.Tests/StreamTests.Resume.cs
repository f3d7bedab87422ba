using Lyceum.Client.Tests.Infrastructure;

namespace Lyceum.Client.Tests;

public sealed partial class StreamTests
{
    private static readonly StreamOptions FastResume = new()
    {
        ReconnectDelay = TimeSpan.FromMilliseconds(2),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(10),
        StatusPollInterval = TimeSpan.FromMilliseconds(10),
    };

    private static string Chunk(int seq) => $$"""{"output":{"content":"c{{seq}} "},"seq":{{seq}}}""";

    private static string FinishAt(int seq) => """{"jobFinished":{"job":{"result":{"returnCode":0}}},"status":"completed","seq":""" + seq + "}";

    [Theory]
    [InlineData("sse")]
    [InlineData("ws")]
    public async Task dropped_stream_is_resumed_with_nothing_lost_or_repeated(string transport)
    {
        await using var server = await ScriptedServer.StartAsync();
        var delivered = new Delivered();
        var afterValues = new List<string>();
        server.OnSequence("GET", "/execution/streaming/ex1",
            ctx => StreamPlayer.PlayAsync(ctx, [Chunk(1), Chunk(2), Chunk(3)], abortAfter: delivered.Of("c3 ")),
            ctx =>
            {
                afterValues.Add(ctx.Request.Query["after"].ToString());
                // This server replays one message too many: the client must drop the repeat.
                return StreamPlayer.PlayAsync(ctx, [Chunk(3), Chunk(4)], chunk: 5, abortAfter: delivered.Of("c4 "));
            },
            ctx =>
            {
                afterValues.Add(ctx.Request.Query["after"].ToString());
                return StreamPlayer.PlayAsync(ctx, [Chunk(5), FinishAt(6)]);
            });
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, transport), FastResume, delivered.Observe);

        Assert.Equal("c1 c2 c3 c4 c5 ", Text(events));
        Assert.Single(events.OfType<ExecutionFinished>());
        Assert.IsType<ExecutionFinished>(events[^1]);
        Assert.Equal(["3", "4"], afterValues);
        Assert.Equal([1, 1], events.OfType<ExecutionReconnecting>().Select(r => r.Attempt));
        Assert.Equal(2, events.OfType<ExecutionReconnected>().Count());
        Assert.All(events.OfType<ExecutionReconnecting>(), r => Assert.Equal("the connection broke", r.Reason));
    }

    [Fact]
    public async Task a_stream_that_fails_to_reopen_is_retried_for_as_long_as_the_run_lives()
    {
        await using var server = await ScriptedServer.StartAsync();
        var delivered = new Delivered();
        var refusals = Enumerable.Repeat<Func<Microsoft.AspNetCore.Http.HttpContext, Task>>(
            ctx => ScriptedServer.Reply(ctx, 502, """{"detail":"bad gateway"}"""), 9);
        server.OnSequence("GET", "/execution/streaming/ex1",
            [
                ctx => StreamPlayer.PlayAsync(ctx, [Chunk(1)], abortAfter: delivered.Of("c1 ")),
                .. refusals,
                ctx => StreamPlayer.PlayAsync(ctx, [Chunk(2), FinishAt(3)]),
            ]);
        server.OnJson("GET", "/execution/streaming/ex1/status", """{"execution_id":"ex1","status":"running","last_seq":2}""");
        using var client = server.CreateClient(configure: o => o.Retry.MaxRetries = 0);

        var events = await ReadAllAsync(client, Started(server, "sse"), FastResume, delivered.Observe);

        Assert.Equal("c1 c2 ", Text(events));
        Assert.IsType<ExecutionFinished>(events[^1]);
        Assert.Equal(Enumerable.Range(1, 10), events.OfType<ExecutionReconnecting>().Select(r => r.Attempt));
        Assert.Equal(10, Assert.Single(events.OfType<ExecutionReconnected>()).Attempts);
        Assert.Contains(events.OfType<ExecutionReconnecting>(), r => r.Reason == "the service answered 502");
    }

    [Fact]
    public async Task a_run_the_service_no_longer_knows_ends_the_stream_with_a_stream_exception()
    {
        await using var server = await ScriptedServer.StartAsync();
        var delivered = new Delivered();
        server.OnSequence("GET", "/execution/streaming/ex1",
            ctx => StreamPlayer.PlayAsync(ctx, [Chunk(1), Chunk(2)], abortAfter: delivered.Of("c2 ")),
            ctx => ScriptedServer.Reply(ctx, 503, """{"detail":"restarting"}"""));
        server.OnJson("GET", "/execution/streaming/ex1/status", """{"detail":"Execution not found","type":"not_found"}""", 404);
        using var client = server.CreateClient(configure: o => o.Retry.MaxRetries = 0);
        var seen = new List<ExecutionEvent>();

        var error = await Assert.ThrowsAsync<LyceumStreamException>(async () =>
        {
            await foreach (var e in client.Executions.StreamAsync(Started(server, "sse"), FastResume))
            {
                seen.Add(e);
                delivered.Observe(e);
            }
        });

        Assert.Equal(2, error.LastSeq);
        Assert.Equal(2, error.ReceivedChunks);
        Assert.Contains("last seq 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("no longer knows the run", error.Message, StringComparison.Ordinal);
        Assert.IsType<LyceumApiException>(error.InnerException);
        Assert.Equal("c1 c2 ", Text(seen));
        Assert.Empty(seen.OfType<ExecutionFinished>());
    }

    [Fact]
    public async Task a_stream_broken_longer_than_max_offline_time_gives_up_saying_so()
    {
        await using var server = await ScriptedServer.StartAsync();
        var delivered = new Delivered();
        var attempts = 0;
        server.OnSequence("GET", "/execution/streaming/ex1",
            ctx => StreamPlayer.PlayAsync(ctx, [Chunk(1)], abortAfter: delivered.Of("c1 ")),
            ctx =>
            {
                Interlocked.Increment(ref attempts);
                return ScriptedServer.Reply(ctx, 502, """{"detail":"bad gateway"}""");
            });
        server.OnJson("GET", "/execution/streaming/ex1/status", """{"execution_id":"ex1","status":"running"}""");
        using var client = server.CreateClient(configure: o => o.Retry.MaxRetries = 0);
        var options = FastResume with { MaxOfflineTime = TimeSpan.FromMilliseconds(200) };

        var error = await Assert.ThrowsAsync<LyceumStreamException>(async () =>
        {
            await foreach (var e in client.Executions.StreamAsync(Started(server, "sse"), options))
                delivered.Observe(e);
        });

        Assert.Contains("MaxOfflineTime", error.Message, StringComparison.Ordinal);
        Assert.True(attempts >= 1);
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("ws")]
    public async Task server_without_resume_leads_to_status_polling(string transport)
    {
        await using var server = await ScriptedServer.StartAsync();
        // No seq: the stream cannot be resumed; it just ends before the run does (as the CLI sees it).
        server.On("GET", "/execution/streaming/ex1", ctx => StreamPlayer.PlayAsync(ctx, ["""{"output":{"content":"first "}}"""]));
        server.OnSequence("GET", "/execution/streaming/ex1/status",
            ScriptedServer.Json("""{"execution_id":"ex1","status":"running"}"""),
            ScriptedServer.Json("""{"execution_id":"ex1","status":"completed","execution_time":"4.5","return_code":"0"}"""));
        server.OnJson("GET", "/execution/ex1", """{"execution_id":"ex1","status":"completed","stdout":"first second\n","stderr":""}""");
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, transport), FastResume);

        Assert.Equal("first second\n", Text(events));
        var finished = Assert.IsType<ExecutionFinished>(events[^1]);
        Assert.Equal("completed", finished.Status);
        Assert.Equal(TimeSpan.FromSeconds(4.5), finished.Duration);
        Assert.False(finished.OutputMayBeIncomplete);
        Assert.Single(events.OfType<ExecutionFinished>());
        Assert.Equal(2, server.RequestsTo("GET", "/execution/streaming/ex1/status").Count);
        Assert.Single(server.RequestsTo("GET", "/execution/streaming/ex1"));
    }

    [Fact]
    public async Task recovery_from_the_record_continues_stdout_and_stderr_each_where_it_stopped()
    {
        await using var server = await ScriptedServer.StartAsync();
        var delivered = new Delivered();
        // Interleaved stderr, no seq, then the connection breaks: only the final record can give the rest.
        server.On("GET", "/execution/streaming/ex1", ctx => StreamPlayer.PlayAsync(ctx,
            ["""{"output":{"content":"o1\n"},"stream":"stdout"}""", """{"output":{"content":"e1\n"},"stream":"stderr"}""",
             """{"output":{"content":"o2\n"},"stream":"stdout"}"""], abortAfter: delivered.Of("o2\n")));
        server.OnJson("GET", "/execution/streaming/ex1/status", """{"execution_id":"ex1","status":"failed_user","return_code":1}""");
        server.OnJson("GET", "/execution/ex1",
            """{"execution_id":"ex1","status":"failed_user","output":"o1\ne1\no2\ne2\no3\n","stdout":"o1\no2\no3\n","stderr":"e1\ne2\n"}""");
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, "sse"), FastResume, delivered.Observe);

        Assert.Equal("o1\no2\no3\n", Text(events, OutputStreamKind.Stdout));
        Assert.Equal("e1\ne2\n", Text(events, OutputStreamKind.Stderr));
        var finished = Assert.IsType<ExecutionFinished>(events[^1]);
        Assert.Equal("failed_user", finished.Status);
        Assert.False(finished.OutputMayBeIncomplete);
    }

    [Fact]
    public async Task a_record_with_stdout_and_stderr_only_together_is_not_split_by_guesswork_and_the_finish_says_output_may_be_missing()
    {
        await using var server = await ScriptedServer.StartAsync();
        var delivered = new Delivered();
        server.On("GET", "/execution/streaming/ex1", ctx => StreamPlayer.PlayAsync(ctx,
            ["""{"output":{"content":"o1\n"},"stream":"stdout"}""", """{"output":{"content":"e1\n"},"stream":"stderr"}"""],
            abortAfter: delivered.Of("e1\n")));
        server.OnJson("GET", "/execution/streaming/ex1/status", """{"execution_id":"ex1","status":"completed"}""");
        server.OnJson("GET", "/execution/ex1", """{"execution_id":"ex1","status":"completed","output":"o1\ne1\no2\ne2\n"}""");
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, "sse"), FastResume, delivered.Observe);

        Assert.Equal("o1\n", Text(events, OutputStreamKind.Stdout));
        Assert.Equal("e1\n", Text(events, OutputStreamKind.Stderr));
        Assert.True(Assert.IsType<ExecutionFinished>(events[^1]).OutputMayBeIncomplete);
    }

    [Fact]
    public async Task stream_answered_404_leads_to_status_polling()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/execution/streaming/ex1", """{"detail":"Stream closed"}""", 404);
        server.OnJson("GET", "/execution/streaming/ex1/status", """{"execution_id":"ex1","status":"failed_user","errors":"Traceback: boom"}""");
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, "sse"), FastResume);

        var finished = Assert.IsType<ExecutionFinished>(Assert.Single(events));
        Assert.Equal("failed_user", finished.Status);
        Assert.Equal("Traceback: boom", finished.Error);
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("ws")]
    public async Task stream_is_closed_when_enumeration_is_cancelled(string transport)
    {
        await using var server = await ScriptedServer.StartAsync();
        var clientGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.On("GET", "/execution/streaming/ex1", ctx => StreamPlayer.PlayAndHoldAsync(ctx, [Chunk(1)], clientGone));
        using var client = server.CreateClient();
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in client.Executions.StreamAsync(Started(server, transport), cancellationToken: cancel.Token))
            {
                Assert.IsType<ExecutionOutput>(e);
                cancel.Cancel();
            }
        });

        await clientGone.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("ws")]
    public async Task stream_is_closed_when_the_caller_stops_enumerating(string transport)
    {
        await using var server = await ScriptedServer.StartAsync();
        var clientGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.On("GET", "/execution/streaming/ex1", ctx => StreamPlayer.PlayAndHoldAsync(ctx, [Chunk(1)], clientGone));
        using var client = server.CreateClient();

        await foreach (var e in client.Executions.StreamAsync(Started(server, transport)))
            break;

        await clientGone.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task resumed_stream_that_skips_ahead_marks_the_output_incomplete()
    {
        await using var server = await ScriptedServer.StartAsync();
        var delivered = new Delivered();
        server.OnSequence("GET", "/execution/streaming/ex1",
            ctx => StreamPlayer.PlayAsync(ctx, [Chunk(1)], abortAfter: delivered.Of("c1 ")),
            ctx => StreamPlayer.PlayAsync(ctx, [Chunk(4), FinishAt(5)]));
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, "sse"), FastResume, delivered.Observe);

        Assert.Equal("c1 c4 ", Text(events));
        Assert.True(Assert.IsType<ExecutionFinished>(events[^1]).OutputMayBeIncomplete);
    }

    [Fact]
    public async Task resumed_stream_without_seq_is_abandoned_for_status_polling()
    {
        await using var server = await ScriptedServer.StartAsync();
        var delivered = new Delivered();
        server.OnSequence("GET", "/execution/streaming/ex1",
            ctx => StreamPlayer.PlayAsync(ctx, [Chunk(1)], abortAfter: delivered.Of("c1 ")),
            // This server ignores ?after and replays from the start without seq: repeats cannot be told apart.
            ctx => StreamPlayer.PlayAsync(ctx, ["""{"output":{"content":"c1 "}}""", """{"output":{"content":"c2 "}}"""]));
        server.OnJson("GET", "/execution/streaming/ex1/status", """{"execution_id":"ex1","status":"completed"}""");
        server.OnJson("GET", "/execution/ex1", """{"execution_id":"ex1","status":"completed","stdout":"c1 c2 "}""");
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, "sse"), FastResume, delivered.Observe);

        Assert.Equal("c1 c2 ", Text(events));
        var finished = Assert.IsType<ExecutionFinished>(events[^1]);
        Assert.False(finished.OutputMayBeIncomplete);
        Assert.Single(events.OfType<ExecutionFinished>());
    }
}
