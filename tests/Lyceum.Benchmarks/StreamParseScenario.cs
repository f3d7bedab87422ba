using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Lyceum.Client;

namespace Lyceum.Benchmarks;

/// <summary>100 MB of output messages through the client's SSE and WebSocket readers from a loopback server, against a
/// raw read of the same bytes over the same kind of connection.</summary>
internal sealed class StreamParseScenario : IBenchmarkScenario
{
    private const long TargetBytes = 100L * 1000 * 1000;

    public string Name => "stream-parse";

    public string Description => "100 MB of output messages through the SSE and WS readers vs a raw read (MB/s, ratio; goal >= 0.5)";

    public async Task<IReadOnlyList<KeyValuePair<string, string>>> RunAsync(CancellationToken cancellationToken)
    {
        var (messages, sse) = BuildMessages();
        await using var server = await ClientBenchServer.StartAsync(messages, sse);
        using var client = new LyceumClient(LyceumCredential.FromApiKey("lk_bench"), new LyceumClientOptions { Endpoint = server.BaseUrl });
        var http = new UriBuilder(server.Endpoint) { Path = server.Endpoint.AbsolutePath + "/execution/streaming/bench" }.Uri;
        var ws = new UriBuilder(http) { Scheme = "ws" }.Uri;
        var payload = messages.Sum(m => (long)m.Length);

        // Warm up both paths once (JIT, connection pool), then measure.
        await ReadWithClientAsync(client, http, cancellationToken);
        var rawSse = await TimeAsync(() => RawHttpAsync(http, cancellationToken));
        var parserOnly = await TimeAsync(() => SseParserOnlyAsync(http, cancellationToken));
        var clientSse = await TimeAsync(() => ReadWithClientAsync(client, http, cancellationToken));
        var rawWs = await TimeAsync(() => RawWebSocketAsync(ws, cancellationToken));
        var clientWs = await TimeAsync(() => ReadWithClientAsync(client, ws, cancellationToken));

        double Mbps(TimeSpan t) => sse.Length / 1e6 / t.TotalSeconds;
        double WsMbps(TimeSpan t) => payload / 1e6 / t.TotalSeconds;
        return
        [
            new("messages", messages.Count.ToString(CultureInfo.InvariantCulture)),
            new("sse_mbps", F(Mbps(clientSse))),
            new("ws_mbps", F(WsMbps(clientWs))),
            new("raw_sse_mbps", F(Mbps(rawSse))),
            new("raw_ws_mbps", F(WsMbps(rawWs))),
            new("sse_parser_only_mbps", F(Mbps(parserOnly))),
            new("sse_ratio", F(rawSse / clientSse)),
            new("ws_ratio", F(rawWs / clientWs)),
        ];
    }

    private static (List<byte[]> Messages, byte[] Sse) BuildMessages()
    {
        var messages = new List<byte[]>();
        var sse = new MemoryStream();
        var line = new string('x', 180);
        long total = 0;
        for (var seq = 1; total < TargetBytes; seq++)
        {
            var json = Encoding.UTF8.GetBytes($$"""{"output":{"content":"{{seq}} {{line}}\n"},"seq":{{seq}},"stream":"stdout","ts":1764320000000}""");
            messages.Add(json);
            total += json.Length;
        }

        messages.Add(Encoding.UTF8.GetBytes("""{"jobFinished":{"job":{"result":{"returnCode":"0"}}},"seq":""" + (messages.Count + 1).ToString(CultureInfo.InvariantCulture) + ""","status":"completed"}"""));
        foreach (var m in messages)
        {
            sse.Write("data: "u8);
            sse.Write(m);
            sse.Write("\n\n"u8);
        }

        return (messages, sse.ToArray());
    }

    private static async Task ReadWithClientAsync(LyceumClient client, Uri url, CancellationToken cancellationToken)
    {
        long chars = 0;
        var finished = false;
        await foreach (var e in client.Executions.StreamAsync("bench", url, cancellationToken: cancellationToken))
        {
            if (e is ExecutionOutput o)
                chars += o.Text.Length;
            finished |= e is ExecutionFinished;
        }

        if (!finished || chars == 0)
            throw new InvalidOperationException("The client did not read the whole stream.");
    }

    private static async Task RawHttpAsync(Uri url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[64 * 1024];
        while (await body.ReadAsync(buffer, cancellationToken) > 0)
        {
        }
    }

    // The ceiling any SseParser-based reader can reach: events framed, nothing decoded.
    private static async Task SseParserOnlyAsync(Uri url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var parser = System.Net.ServerSentEvents.SseParser.Create(body, static (_, data) => data.Length);
        long total = 0;
        await foreach (var item in parser.EnumerateAsync(cancellationToken))
            total += item.Data;
        if (total == 0)
            throw new InvalidOperationException("no events");
    }

    private static async Task RawWebSocketAsync(Uri url, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(url, cancellationToken);
        var buffer = new byte[64 * 1024];
        while ((await socket.ReceiveAsync(buffer, cancellationToken)).MessageType != WebSocketMessageType.Close)
        {
        }
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed;
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
