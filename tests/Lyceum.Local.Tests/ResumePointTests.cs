using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

/// <summary>Resume points beyond 32 bits, beyond 64 bits, and garbage (issue 12, defect 5).</summary>
public sealed class ResumePointTests
{
    [Theory]
    [InlineData("2147483647")]
    [InlineData("2147483648")]
    [InlineData("4294967296")]
    [InlineData("4294967297")]
    [InlineData("9223372036854775807")]
    [InlineData("99999999999999999999999999")]
    public async Task a_huge_after_gets_only_the_terminal_message_over_sse(string after)
    {
        await using var server = await TestServer.StartAsync();
        var (_, url) = await server.StartRunAsync(new { code = "print('once')" });

        // Read while the run may still be live and again once it has certainly ended.
        var early = await TestServer.ReadSseAsync(url, $"?after={after}");
        var late = await TestServer.ReadSseAsync(url, $"?after={after}");

        Assert.True(Assert.Single(early).TryGetProperty("jobFinished", out _));
        Assert.True(Assert.Single(late).TryGetProperty("jobFinished", out _));
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("4294967296")]
    [InlineData("18446744073709551616")]
    public async Task a_huge_last_event_id_gets_only_the_terminal_message(string lastEventId)
    {
        await using var server = await TestServer.StartAsync();
        var (_, url) = await server.StartRunAsync(new { code = "print('once')" });
        await TestServer.ReadSseAsync(url);

        using var response = await SendWithLastEventIdAsync(url, lastEventId);
        var events = await ReadEventsAsync(response);

        Assert.True(Assert.Single(events).TryGetProperty("jobFinished", out _));
    }

    [Fact]
    public async Task a_huge_after_gets_only_the_terminal_message_over_a_websocket()
    {
        await using var server = await TestServer.StartAsync();
        var (_, url) = await server.StartRunAsync(new { code = "print('once')" });

        var messages = await TestServer.ReadWebSocketAsync(url, "?after=4294967296");

        Assert.True(Assert.Single(messages).TryGetProperty("jobFinished", out _));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData("+5")]
    [InlineData("")]
    public async Task an_after_that_is_not_a_whole_number_is_refused_naming_it(string after)
    {
        await using var server = await TestServer.StartAsync();
        var (_, url) = await server.StartRunAsync(new { code = "print('once')" });
        using var client = new HttpClient();

        using var response = await client.GetAsync(TestServer.HttpUrl(url) + "?after=" + Uri.EscapeDataString(after));
        var json = await TestServer.JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("after", json.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task a_last_event_id_that_is_not_a_seq_is_refused_instead_of_replaying_everything()
    {
        await using var server = await TestServer.StartAsync();
        var (_, url) = await server.StartRunAsync(new { code = "print('x')" });

        using var response = await SendWithLastEventIdAsync(url, "not-a-seq");
        var json = await TestServer.JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Last-Event-ID", json.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    private static async Task<HttpResponseMessage> SendWithLastEventIdAsync(string streamingUrl, string lastEventId)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Get, TestServer.HttpUrl(streamingUrl));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request);
        return response;
    }

    private static async Task<List<JsonElement>> ReadEventsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var messages = new List<JsonElement>();
        await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(body).EnumerateAsync())
            messages.Add(JsonDocument.Parse(item.Data).RootElement.Clone());
        return messages;
    }
}
