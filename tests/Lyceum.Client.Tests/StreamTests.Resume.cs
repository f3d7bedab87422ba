using Lyceum.Client.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Lyceum.Client.Tests;

public sealed partial class StreamTests
{
    private static string Chunk(int seq) => $$"""{"output":{"content":"c{{seq}} "},"seq":{{seq}}}""";

    private static readonly StreamOptions FastResume = new() { ReconnectDelay = TimeSpan.FromMilliseconds(5), StatusPollInterval = TimeSpan.FromMilliseconds(10) };

    [Theory]
    [InlineData("sse")]
    [InlineData("ws")]
    public async Task dropped_stream_is_resumed_with_nothing_lost_or_repeated(string transport)
    {
        await using var server = await ScriptedServer.StartAsync();
        var afterValues = new List<string>();
        server.OnSequence("GET", "/execution/streaming/ex1",
            ctx => StreamPlayer.PlayAsync(ctx, [Chunk(1), Chunk(2), Chunk(3)], abortAtEnd: true),
            ctx =>
            {
                afterValues.Add(ctx.Request.Query["after"].ToString());
                // This server replays one message too many: the client must drop the repeat.
                return StreamPlayer.PlayAsync(ctx, [Chunk(3), Chunk(4)], chunk: 5, abortAtEnd: true);
            },
            ctx =>
            {
                afterValues.Add(ctx.Request.Query["after"].ToString());
                return StreamPlayer.PlayAsync(ctx, [Chunk(5), """{"jobFinished":{"job":{"result":{"returnCode":0}}},"seq":6}"""]);
            });
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, transport), FastResume);

        Assert.Equal("c1 c2 c3 c4 c5 ", string.Concat(events.OfType<ExecutionOutput>().Select(o => o.Text)));
        Assert.Single(events.OfType<ExecutionFinished>());
        Assert.Equal(["3", "4"], afterValues);
    }

    [Fact]
    public async Task stream_that_fails_to_reopen_is_retried_until_it_answers()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnSequence("GET", "/execution/streaming/ex1",
            ctx => StreamPlayer.PlayAsync(ctx, [Chunk(1)], abortAtEnd: true),
            ctx => ScriptedServer.Reply(ctx, 502, """{"detail":"bad gateway"}"""),
            ctx => StreamPlayer.PlayAsync(ctx, [Chunk(2), """{"jobFinished":{"job":{"result":{"returnCode":0}}},"seq":3}"""]));
        using var client = server.CreateClient(configure: o => o.Retry.MaxRetries = 0);

        var events = await ReadAllAsync(client, Started(server, "sse"), FastResume);

        Assert.Equal("c1 c2 ", string.Concat(events.OfType<ExecutionOutput>().Select(o => o.Text)));
        Assert.IsType<ExecutionFinished>(events[^1]);
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
        server.OnJson("GET", "/execution/ex1", """{"execution_id":"ex1","status":"completed","output":"first second\n"}""");
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, transport), FastResume);

        Assert.Equal("first second\n", string.Concat(events.OfType<ExecutionOutput>().Select(o => o.Text)));
        var finished = Assert.IsType<ExecutionFinished>(events[^1]);
        Assert.Equal("completed", finished.Status);
        Assert.Equal(TimeSpan.FromSeconds(4.5), finished.Duration);
        Assert.False(finished.OutputMayBeIncomplete);
        Assert.Single(events.OfType<ExecutionFinished>());
        Assert.Equal(2, server.RequestsTo("GET", "/execution/streaming/ex1/status").Count);
        Assert.Single(server.RequestsTo("GET", "/execution/streaming/ex1"));
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

    [Fact]
    public async Task stream_lost_for_good_throws_saying_what_was_lost()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.On("GET", "/execution/streaming/ex1", ctx => StreamPlayer.PlayAsync(ctx, [Chunk(1), Chunk(2)], abortAtEnd: true));
        server.OnJson("GET", "/execution/streaming/ex1/status", """{"execution_id":"ex1","status":"running"}""");
        using var client = server.CreateClient();
        var options = FastResume with { MaxReconnects = 2, StatusPollTimeout = TimeSpan.FromMilliseconds(50) };
        var seen = new List<ExecutionEvent>();

        var error = await Assert.ThrowsAsync<LyceumStreamException>(async () =>
        {
            await foreach (var e in client.Executions.StreamAsync(Started(server, "sse"), options))
                seen.Add(e);
        });

        Assert.Equal(2, error.LastSeq);
        Assert.Contains("last seq 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("lost", error.Message, StringComparison.Ordinal);
        Assert.Equal("c1 c2 ", string.Concat(seen.OfType<ExecutionOutput>().Select(o => o.Text)));
        Assert.Empty(seen.OfType<ExecutionFinished>());
        Assert.Equal(3, server.RequestsTo("GET", "/execution/streaming/ex1").Count);
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
        server.OnSequence("GET", "/execution/streaming/ex1",
            ctx => StreamPlayer.PlayAsync(ctx, [Chunk(1)], abortAtEnd: true),
            ctx => StreamPlayer.PlayAsync(ctx, [Chunk(4), """{"jobFinished":{"job":{"result":{"returnCode":0}}},"seq":5}"""]));
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, "sse"), FastResume);

        Assert.Equal("c1 c4 ", string.Concat(events.OfType<ExecutionOutput>().Select(o => o.Text)));
        Assert.True(Assert.IsType<ExecutionFinished>(events[^1]).OutputMayBeIncomplete);
    }

    [Fact]
    public async Task resumed_stream_without_seq_is_abandoned_for_status_polling()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnSequence("GET", "/execution/streaming/ex1",
            ctx => StreamPlayer.PlayAsync(ctx, [Chunk(1)], abortAtEnd: true),
            // This server ignores ?after and replays from the start without seq: repeats cannot be told apart.
            ctx => StreamPlayer.PlayAsync(ctx, ["""{"output":{"content":"c1 "}}""", """{"output":{"content":"c2 "}}"""]));
        server.OnJson("GET", "/execution/streaming/ex1/status", """{"execution_id":"ex1","status":"completed"}""");
        server.OnJson("GET", "/execution/ex1", """{"execution_id":"ex1","status":"completed","output":"c1 c2 "}""");
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, "sse"), FastResume);

        Assert.Equal("c1 c2 ", string.Concat(events.OfType<ExecutionOutput>().Select(o => o.Text)));
        var finished = Assert.IsType<ExecutionFinished>(events[^1]);
        Assert.False(finished.OutputMayBeIncomplete);
        Assert.Single(events.OfType<ExecutionFinished>());
    }
}
