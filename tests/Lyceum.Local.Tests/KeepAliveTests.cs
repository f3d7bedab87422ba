using System.Net.ServerSentEvents;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Lyceum.Local.Streaming;
using Lyceum.Local.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Lyceum.Local.Tests;

/// <summary>Quiet streams send keep-alives: SSE comments and WebSocket pings (issue 12, item 13).</summary>
public sealed class KeepAliveTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task a_tick_comes_after_each_interval_of_silence_and_never_displaces_a_message()
    {
        var time = new FakeTimeProvider();
        var source = Channel.CreateUnbounded<(long, string)>();
        await using var stream = KeepAlive.WithTicksAsync(source.Reader.ReadAllAsync(), TimeSpan.FromSeconds(15), time).GetAsyncEnumerator();

        var first = stream.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(14));
        Assert.False(first.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await first.WaitAsync(Patience));
        Assert.Null(stream.Current);

        source.Writer.TryWrite((1, "{}"));
        Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(Patience));
        Assert.Equal((1L, "{}"), stream.Current);

        var third = stream.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(15));
        Assert.True(await third.WaitAsync(Patience));
        Assert.Null(stream.Current);

        source.Writer.Complete();
        Assert.False(await stream.MoveNextAsync().AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task a_quiet_run_sends_keep_alive_comments_over_sse_and_still_ends_with_its_terminal_message()
    {
        await using var server = await TestServer.StartAsync(o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(50));
        var (id, url) = await server.StartRunAsync(new { code = "import time\nprint('start', flush=True)\ntime.sleep(60)" });
        using var client = new HttpClient { Timeout = Patience * 2 };
        using var response = await client.GetAsync(TestServer.HttpUrl(url), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var raw = new StringBuilder();

        // Read until a keep-alive follows the run's output (the silence while it sleeps), then stop the run and read to the end.
        string? line;
        var printed = false;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            raw.Append(line).Append('\n');
            printed |= line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains("start", StringComparison.Ordinal);
            if (printed && line == ": keep-alive")
                break;
        }
        Assert.Equal(": keep-alive", line);
        await server.Http.PostAsync($"execution/streaming/abort/{id}", null);
        raw.Append(await reader.ReadToEndAsync());

        var messages = new List<JsonElement>();
        await foreach (var item in SseParser.Create(new MemoryStream(Encoding.UTF8.GetBytes(raw.ToString()))).EnumerateAsync())
            messages.Add(JsonDocument.Parse(item.Data).RootElement.Clone());
        Assert.Equal("start\n", Wire.Text(messages));
        Assert.Equal("aborted", Wire.Terminal(messages).GetProperty("status").GetString());
        Assert.Single(messages, m => m.TryGetProperty("jobFinished", out _));
    }

    [Fact]
    public async Task a_quiet_run_sends_websocket_pings()
    {
        await using var server = await TestServer.StartAsync(o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(50));
        var (id, url) = await server.StartRunAsync(new { code = "import time\ntime.sleep(60)" });
        var uri = new Uri(TestServer.WebSocketUrl(url));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 101", await ReadHeadAsync(stream));

        // Control frames are invisible through ClientWebSocket, so read the frames themselves until a ping (opcode 9).
        int opcode;
        do
            opcode = await ReadFrameOpcodeAsync(stream);
        while (opcode != 0x9);

        await server.Http.PostAsync($"execution/streaming/abort/{id}", null);
    }

    private static async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one).AsTask().WaitAsync(Patience);
            head.Append((char)one[0]);
        }
        return head.ToString();
    }

    private static async Task<int> ReadFrameOpcodeAsync(Stream stream)
    {
        var header = new byte[2];
        await stream.ReadExactlyAsync(header).AsTask().WaitAsync(Patience);
        long length = header[1] & 0x7F;
        if (length >= 126)
        {
            var extended = new byte[length == 126 ? 2 : 8];
            await stream.ReadExactlyAsync(extended);
            length = extended.Aggregate(0L, (total, b) => (total << 8) | b);
        }
        await stream.ReadExactlyAsync(new byte[length]);
        return header[0] & 0x0F;
    }
}
