using System.Net;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed partial class RunTests
{
    [Fact]
    public async Task after_n_replays_from_seq_n_plus_one()
    {
        await using var server = await TestServer.StartAsync();
        var (_, url) = await server.StartRunAsync(new { code = "import time\nfor i in range(5):\n    print(i, flush=True)\n    time.sleep(0.02)\n" });
        var all = await TestServer.ReadSseAsync(url);

        var replay = await TestServer.ReadSseAsync(url, "?after=2");

        Assert.Equal(all.Skip(2).Select(m => m.GetRawText()), replay.Select(m => m.GetRawText()));
        Wire.AssertSeqContiguous(replay, first: 3);
    }

    [Fact]
    public async Task many_readers_at_once_each_get_every_message()
    {
        await using var server = await TestServer.StartAsync();
        var (_, url) = await server.StartRunAsync(new { code = "import time\ntime.sleep(0.5)\nfor i in range(200):\n    print(i)\n" });

        var readers = Enumerable.Range(0, 6).Select(i => i % 2 == 0 ? TestServer.ReadSseAsync(url) : TestServer.ReadWebSocketAsync(url)).ToList();
        var results = await Task.WhenAll(readers);

        var expected = string.Concat(Enumerable.Range(0, 200).Select(i => $"{i}\n"));
        Assert.All(results, messages =>
        {
            Assert.Equal(expected, Wire.Text(messages));
            Assert.Equal("completed", Wire.Status(messages));
        });
    }

    [Fact]
    public async Task a_reader_after_the_end_gets_the_whole_replay_and_the_terminal_message()
    {
        await using var server = await TestServer.StartAsync();
        var (_, url) = await server.StartRunAsync(new { code = "print('early')" });
        await TestServer.ReadSseAsync(url);

        var late = await TestServer.ReadWebSocketAsync(url);

        Assert.Equal("early\n", Wire.Text(late));
        Assert.Equal("completed", Wire.Status(late));
    }

    [Fact]
    public async Task the_stream_answers_post_and_a_bearer_is_optional()
    {
        await using var server = await TestServer.StartAsync();
        var (_, url) = await server.StartRunAsync(new { code = "print('posted')" });

        var messages = await TestServer.ReadSseAsync(url, method: HttpMethod.Post);

        Assert.Equal("posted\n", Wire.Text(messages));
    }

    [Fact]
    public async Task a_stream_url_with_a_wrong_token_answers_404()
    {
        await using var server = await TestServer.StartAsync();
        var (_, url) = await server.StartRunAsync(new { code = "print(1)" });
        var forged = url[..(url.LastIndexOf('/') + 1)] + "not-the-token";

        using var client = new HttpClient();
        await Wire.AssertErrorAsync(await client.GetAsync(TestServer.HttpUrl(forged)), HttpStatusCode.NotFound);
        await Wire.AssertErrorAsync(await client.GetAsync(TestServer.HttpUrl(url) + "?after=x"), HttpStatusCode.BadRequest, "after");
    }

    [Fact]
    public async Task stream_messages_carry_seq_stream_and_ts_and_the_terminal_carries_status_and_execution_time()
    {
        await using var server = await TestServer.StartAsync();
        var (_, messages) = await server.RunAsync(new { code = "print('x')" });

        var output = messages[0];
        Assert.Equal(1, output.GetProperty("seq").GetInt64());
        Assert.Equal("stdout", output.GetProperty("stream").GetString());
        Assert.True(output.GetProperty("ts").GetInt64() > 1_700_000_000_000);
        var terminal = Wire.Terminal(messages);
        Assert.Equal("completed", terminal.GetProperty("status").GetString());
        Assert.True(terminal.GetProperty("execution_time").GetDouble() >= 0);
    }
}
