using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

/// <summary>/api/v1/stream/{id}: the official CLI's logs stream (issue 12, item 11).</summary>
public sealed class LogStreamTests
{
    private const string Lines = "for i in range(40):\n    print(f'line {i}', flush=True)";
    private static readonly string Expected = string.Concat(Enumerable.Range(0, 40).Select(i => $"line {i}\n"));

    [Fact]
    public async Task a_get_with_the_owners_bearer_reads_every_line_once_and_the_terminal_message()
    {
        await using var server = await TestServer.StartAsync();
        var (id, _) = await server.StartRunAsync(new { code = Lines });

        var (status, messages) = await ReadAsync(server, HttpMethod.Get, id, server.Server.ApiKey);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Expected, Wire.Text(messages));
        Assert.Equal("completed", Wire.Terminal(messages).GetProperty("status").GetString());
        Assert.Single(messages, m => m.TryGetProperty("jobFinished", out _));
    }

    [Fact]
    public async Task a_post_without_a_bearer_reads_the_run_as_older_cli_builds_do()
    {
        await using var server = await TestServer.StartAsync();
        var (id, url) = await server.StartRunAsync(new { code = Lines });
        await TestServer.ReadSseAsync(url);

        var (status, messages) = await ReadAsync(server, HttpMethod.Post, id, bearer: null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Expected, Wire.Text(messages));
        Assert.True(messages[^1].TryGetProperty("jobFinished", out _));
    }

    [Fact]
    public async Task another_accounts_bearer_gets_404_like_an_unknown_run()
    {
        await using var server = await TestServer.StartAsync();
        using var other = await OtherAccount.CreateAsync(server);
        var (id, _) = await server.StartRunAsync(new { code = "print('secret')" });
        var otherKey = other.Http.DefaultRequestHeaders.Authorization!.Parameter!;

        var (status, _) = await ReadAsync(server, HttpMethod.Get, id, otherKey);
        var (unknown, _) = await ReadAsync(server, HttpMethod.Get, Guid.NewGuid().ToString(), server.Server.ApiKey);
        var (garbage, _) = await ReadAsync(server, HttpMethod.Get, "not-a-run", null);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal(HttpStatusCode.NotFound, garbage);
    }

    [Fact]
    public async Task an_invalid_bearer_is_refused_with_401()
    {
        await using var server = await TestServer.StartAsync();
        var (id, _) = await server.StartRunAsync(new { code = "print('x')" });

        var (status, _) = await ReadAsync(server, HttpMethod.Get, id, "lk_live_not_a_real_key");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task with_v1_stream_needs_bearer_a_reader_without_one_is_refused()
    {
        await using var server = await TestServer.StartAsync(o => o.LogStreamNeedsBearer = true);
        var (id, _) = await server.StartRunAsync(new { code = "print('x')" });

        var (anonymous, _) = await ReadAsync(server, HttpMethod.Post, id, bearer: null);
        var (owner, messages) = await ReadAsync(server, HttpMethod.Get, id, server.Server.ApiKey);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal(HttpStatusCode.OK, owner);
        Assert.Equal("x\n", Wire.Text(messages));
    }

    private static async Task<(HttpStatusCode Status, List<JsonElement> Messages)> ReadAsync(TestServer server, HttpMethod method, string id, string? bearer)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(90) };
        using var request = new HttpRequestMessage(method, new Uri(server.Server.BaseUrl, $"/api/v1/stream/{id}"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (bearer is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var messages = new List<JsonElement>();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            await Wire.AssertErrorAsync(response, response.StatusCode);
            return (response.StatusCode, messages);
        }
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        await foreach (var item in SseParser.Create(body).EnumerateAsync())
            messages.Add(JsonDocument.Parse(item.Data).RootElement.Clone());
        return (response.StatusCode, messages);
    }
}
