using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class LastEventIdTests
{
    [Fact]
    public async Task an_sse_reader_reconnecting_with_last_event_id_gets_only_what_came_after_it()
    {
        await using var server = await TestServer.StartAsync();
        var (_, url) = await server.StartRunAsync(new { code = "for i in range(5): print(i)" });
        var all = await TestServer.ReadSseAsync(url);

        // Output chunks are not lines (a busy host may deliver all five prints as one), so resume after the first message.
        var rest = await ReadWithLastEventIdAsync(url, all[0].GetProperty("seq").GetInt64().ToString());

        Assert.NotEmpty(rest);
        Assert.Equal(all.Skip(1).Select(m => m.GetProperty("seq").GetInt64()), rest.Select(m => m.GetProperty("seq").GetInt64()));
        Assert.True(rest[^1].TryGetProperty("jobFinished", out _));
    }

    private static async Task<List<JsonElement>> ReadWithLastEventIdAsync(string streamingUrl, string lastEventId)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Get, TestServer.HttpUrl(streamingUrl));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var messages = new List<JsonElement>();
        await foreach (var item in SseParser.Create(body).EnumerateAsync())
            messages.Add(JsonDocument.Parse(item.Data).RootElement.Clone());
        return messages;
    }
}
