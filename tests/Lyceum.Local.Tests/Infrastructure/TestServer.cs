using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Lyceum.Local.Tests.Infrastructure;

/// <summary>A Lyceum Local on a free loopback port with its own data dir, and a raw HttpClient authenticated with its key.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(LyceumLocalServer server)
    {
        Server = server;
        Http = Client(server.ApiKey);
    }

    public LyceumLocalServer Server { get; }

    public HttpClient Http { get; }

    public static async Task<TestServer> StartAsync(Action<LyceumLocalOptions>? configure = null)
    {
        var options = new LyceumLocalOptions { MaxConcurrency = 4 };
        configure?.Invoke(options);
        return new TestServer(await LyceumLocalServer.StartAsync(options));
    }

    /// <summary>A client for this server with the given bearer (none when null).</summary>
    public HttpClient Client(string? bearer)
    {
        var client = new HttpClient { BaseAddress = new Uri(Server.BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(90) };
        if (bearer is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body) => PostRawAsync(path, JsonSerializer.Serialize(body));

    public Task<HttpResponseMessage> PostRawAsync(string path, string json, HttpClient? client = null) =>
        (client ?? Http).PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"Expected JSON from {response.RequestMessage?.RequestUri} ({(int)response.StatusCode}), got: {text}");
        }
    }

    public async Task<JsonElement> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Http.GetAsync(path);
        var json = await JsonAsync(response);
        Assert.True(expected == response.StatusCode, $"GET {path}: expected {(int)expected}, got {(int)response.StatusCode}: {json}");
        return json;
    }

    /// <summary>Starts a Python run and returns (execution_id, streaming_url).</summary>
    public async Task<(string Id, string StreamingUrl)> StartRunAsync(object body)
    {
        var response = await PostJsonAsync("execution/streaming/start", body);
        var json = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"start failed: {(int)response.StatusCode} {json}");
        return (json.GetProperty("execution_id").GetString()!, json.GetProperty("streaming_url").GetString()!);
    }

    /// <summary>Starts a run and reads its whole stream over SSE.</summary>
    public async Task<(string Id, List<JsonElement> Messages)> RunAsync(object body)
    {
        var (id, url) = await StartRunAsync(body);
        return (id, await ReadSseAsync(url));
    }

    public static string HttpUrl(string streamingUrl) =>
        streamingUrl.StartsWith("ws", StringComparison.Ordinal) ? "http" + streamingUrl[2..] : streamingUrl;

    public static string WebSocketUrl(string streamingUrl) =>
        streamingUrl.StartsWith("http", StringComparison.Ordinal) ? "ws" + streamingUrl[4..] : streamingUrl;

    /// <summary>Reads a stream as Server-Sent Events until it closes (GET, no bearer: the URL is the credential).</summary>
    public static async Task<List<JsonElement>> ReadSseAsync(string streamingUrl, string query = "", HttpMethod? method = null)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, HttpUrl(streamingUrl) + query);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        var messages = new List<JsonElement>();
        await foreach (var item in SseParser.Create(body).EnumerateAsync())
            messages.Add(JsonDocument.Parse(item.Data).RootElement.Clone());
        return messages;
    }

    /// <summary>Reads a stream over a WebSocket until the server closes it.</summary>
    public static async Task<List<JsonElement>> ReadWebSocketAsync(string streamingUrl, string query = "")
    {
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await socket.ConnectAsync(new Uri(WebSocketUrl(streamingUrl) + query), timeout.Token);
        var messages = new List<JsonElement>();
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
                return messages;
            }
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                messages.Add(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
                message.SetLength(0);
            }
        }
    }

    /// <summary>Starts a run whose code prints <paramref name="marker"/> when it is under way, and waits for that line.</summary>
    public async Task<(string Id, RunStream Stream)> StartUnderWayAsync(string code, string marker = "under way", object? extra = null)
    {
        var body = JsonSerializer.SerializeToNode(extra ?? new { })!.AsObject();
        body["code"] = $"print({JsonSerializer.Serialize(marker)}, flush=True)\n" + code;
        var (id, url) = await StartRunAsync(body);
        var stream = RunStream.Open(url);
        await stream.WaitForAsync(marker);
        return (id, stream);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
