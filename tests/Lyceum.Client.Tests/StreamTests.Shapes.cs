using Lyceum.Client.Tests.Infrastructure;

namespace Lyceum.Client.Tests;

public sealed partial class StreamTests
{
    private static readonly Dictionary<string, (string[] Messages, string Status, int? ReturnCode)> Shapes = new()
    {
        ["current_string_return_code"] = ([
            "Stream started",
            """{"output":{"content":"hel"}}""",
            """{"output":{"content":"lo\n\u001b[31mred\u001b[0m"}}""",
            "Stream complete",
            """{"jobFinished":{"job":{"result":{"returnCode":"0"}}}}""",
        ], "completed", 0),
        ["current_number_return_code"] = ([
            """{"output":{"content":"hel"},"seq":1,"stream":"stdout","ts":1764320000000}""",
            """{"output":{"content":"lo\n\u001b[31mred\u001b[0m"},"seq":2,"stream":"stdout"}""",
            """{"jobFinished":{"job":{"result":{"returnCode":3}}},"seq":3,"status":"failed_user","execution_time":2.5}""",
        ], "failed_user", 3),
        ["legacy"] = ([
            """{"type":"output","content":"hel"}""",
            "not json at all",
            """{"type":"output","content":"lo\n\u001b[31mred\u001b[0m"}""",
            """{"type":"completed","status":"completed","execution_time":1.2,"errors":""}""",
        ], "completed", null),
        ["oldest"] = ([
            """{"Message":{"StatusUpdate":{"status":"running"}}}""",
            """{"Message":{"Output":{"content":"hel"}}}""",
            """{"Message":{"Output":{"content":"lo\n\u001b[31mred\u001b[0m"}}}""",
            "Stream complete",
            """{"Message":{"JobFinished":{"job":{"result":{"return_code":0}}}}}""",
        ], "completed", 0),
    };

    public static TheoryData<string, string, int, string> ShapeCases()
    {
        var data = new TheoryData<string, string, int, string>();
        foreach (var shape in Shapes.Keys)
        {
            foreach (var chunk in new[] { StreamPlayer.Whole, 1, 7 })
            {
                foreach (var newline in new[] { "\n", "\r\n", "\r" })
                    data.Add("sse", shape, chunk, newline);
                data.Add("ws", shape, chunk, "\n");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShapeCases))]
    public async Task every_message_shape_is_read_whatever_the_chunking(string transport, string shape, int chunk, string newline)
    {
        var (messages, status, returnCode) = Shapes[shape];
        await using var server = await ScriptedServer.StartAsync();
        server.On("GET", "/execution/streaming/ex1", ctx => StreamPlayer.PlayAsync(ctx, messages, chunk, newline));
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, transport));

        var outputs = events.OfType<ExecutionOutput>().ToList();
        Assert.Equal("hello\n\u001b[31mred\u001b[0m", string.Concat(outputs.Select(o => o.Text)));
        Assert.All(outputs, o => Assert.Equal(OutputStreamKind.Stdout, o.Stream));
        var finished = Assert.Single(events.OfType<ExecutionFinished>());
        Assert.Same(finished, events[^1]);
        Assert.Equal(status, finished.Status);
        Assert.Equal(returnCode, finished.ReturnCode);
        if (shape == "current_number_return_code")
        {
            Assert.Equal([1L, 2L], outputs.Select(o => o.Seq!.Value));
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764320000000), outputs[0].Timestamp);
            Assert.Equal(TimeSpan.FromSeconds(2.5), finished.Duration);
        }

        if (shape == "oldest")
            Assert.Equal("running", Assert.Single(events.OfType<ExecutionStatusChanged>()).Status);
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("ws")]
    public async Task stderr_fragments_and_platform_errors_are_reported(string transport)
    {
        string[] messages =
        [
            """{"output":{"content":"oops"},"stream":"stderr","seq":1}""",
            """{"jobFinished":{"job":{"result":{"returnCode":"137","error":"machine lost"}}},"seq":2}""",
        ];
        await using var server = await ScriptedServer.StartAsync();
        server.On("GET", "/execution/streaming/ex1", ctx => StreamPlayer.PlayAsync(ctx, messages));
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, transport));

        Assert.Equal(OutputStreamKind.Stderr, events.OfType<ExecutionOutput>().Single().Stream);
        var finished = events.OfType<ExecutionFinished>().Single();
        Assert.Equal(ExecutionStates.FailedSystem, finished.Status);
        Assert.Equal(137, finished.ReturnCode);
        Assert.Equal("machine lost", finished.Error);
    }

    [Fact]
    public async Task legacy_error_message_ends_the_stream_with_its_text()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.On("GET", "/execution/streaming/ex1", ctx => StreamPlayer.PlayAsync(ctx, ["""{"type":"error","message":"Container failed to start"}"""]));
        using var client = server.CreateClient();

        var events = await ReadAllAsync(client, Started(server, "sse"));

        var finished = Assert.IsType<ExecutionFinished>(Assert.Single(events));
        Assert.Equal("Container failed to start", finished.Error);
        Assert.False(finished.Succeeded);
    }

    [Fact]
    public async Task sse_stream_request_carries_the_credential_and_asks_for_event_stream()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.On("GET", "/execution/streaming/ex1", ctx => StreamPlayer.PlayAsync(ctx, Shapes["current_string_return_code"].Messages));
        using var client = server.CreateClient();

        await ReadAllAsync(client, Started(server, "sse"));

        var request = Assert.Single(server.RequestsTo("GET", "/execution/streaming/ex1"));
        Assert.Equal("Bearer " + TestKeys.ApiKey, request.Authorization);
        Assert.Contains("text/event-stream", request.Accept, StringComparison.Ordinal);
    }

    [Fact]
    public async Task websocket_stream_request_carries_the_credential()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.On("GET", "/execution/streaming/ex1", ctx => StreamPlayer.PlayAsync(ctx, Shapes["current_string_return_code"].Messages));
        using var client = server.CreateClient();

        await ReadAllAsync(client, Started(server, "ws"));

        Assert.Equal("Bearer " + TestKeys.ApiKey, Assert.Single(server.RequestsTo("GET", "/execution/streaming/ex1")).Authorization);
    }

    [Fact]
    public async Task stream_on_a_foreign_host_is_opened_without_the_credential()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.On("GET", "/execution/streaming/ex1", ctx => StreamPlayer.PlayAsync(ctx, Shapes["current_string_return_code"].Messages));
        // The API is reached as "localhost"; the streaming URL names 127.0.0.1, another host as far as names go.
        using var client = server.CreateClient(configure: o => o.Endpoint = new UriBuilder(server.BaseUrl) { Host = "localhost" }.Uri);

        await ReadAllAsync(client, Started(server, "sse"));

        Assert.Equal("", Assert.Single(server.RequestsTo("GET", "/execution/streaming/ex1")).Authorization);
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("ws")]
    public async Task stream_refusing_a_stale_token_is_opened_again_with_a_renewed_one(string transport)
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnSequence("POST", "/auth/login",
            ScriptedServer.Json("""{"access_token":"at1","refresh_token":"rt1","expires_in":86400}"""));
        server.OnJson("POST", "/auth/refresh", """{"access_token":"at2","refresh_token":"rt2","expires_in":86400}""");
        server.On("GET", "/execution/streaming/ex1", ctx => ctx.Request.Headers.Authorization == "Bearer at2"
            ? StreamPlayer.PlayAsync(ctx, Shapes["current_string_return_code"].Messages)
            : ScriptedServer.Reply(ctx, 401, """{"detail":"Token expired","type":"authentication_error"}"""));
        using var client = server.CreateClient(LyceumCredential.FromPassword("a@b.c", "pw"));

        var events = await ReadAllAsync(client, Started(server, transport));

        Assert.IsType<ExecutionFinished>(events[^1]);
        Assert.Equal(["Bearer at1", "Bearer at2"], server.RequestsTo("GET", "/execution/streaming/ex1").Select(r => r.Authorization));
    }
}
