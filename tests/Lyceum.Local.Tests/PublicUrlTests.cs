using System.Net;
using System.Text;
using System.Text.Json;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

/// <summary>URLs handed out are built on --public-url or the listening address, never the Host header (issue 12, defect 9).</summary>
public sealed class PublicUrlTests
{
    [Theory]
    [InlineData("ws")]
    [InlineData("sse")]
    public async Task a_forged_host_header_does_not_move_the_streaming_url(string stream)
    {
        await using var server = await TestServer.StartAsync(o => o.Stream = stream);

        var url = await StartWithHostAsync(server, "attacker.example:8443");

        var listening = server.Server.BaseUrl;
        Assert.StartsWith($"{(stream == "ws" ? "ws" : "http")}://{listening.Authority}/api/v2/external/execution/streaming/", url);
        Assert.DoesNotContain("attacker", url);
        Assert.Equal("hi\n", Wire.Text(await TestServer.ReadSseAsync(url)));
    }

    [Fact]
    public async Task a_forged_host_header_does_not_move_the_checkout_url()
    {
        await using var server = await TestServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "billing/checkout")
        {
            Content = new StringContent("""{"credits_amount": 5}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = "attacker.example";

        var json = await TestServer.JsonAsync(await server.Http.SendAsync(request));

        Assert.StartsWith($"http://{server.Server.BaseUrl.Authority}/checkout/", json.GetProperty("checkout_url").GetString());
    }

    [Theory]
    [InlineData("https://lyceum.example.com", "ws", "wss://lyceum.example.com/api/v2/external/execution/streaming/")]
    [InlineData("https://lyceum.example.com/local/", "sse", "https://lyceum.example.com/local/api/v2/external/execution/streaming/")]
    [InlineData("http://10.0.0.5:8080/api/v2/external", "ws", "ws://10.0.0.5:8080/api/v2/external/execution/streaming/")]
    public async Task streaming_urls_are_built_on_the_public_url(string publicUrl, string stream, string expectedStart)
    {
        await using var server = await TestServer.StartAsync(o => { o.PublicUrl = publicUrl; o.Stream = stream; });

        var url = await StartWithHostAsync(server, "attacker.example");

        Assert.StartsWith(expectedStart, url);
    }

    [Fact]
    public async Task the_checkout_url_is_built_on_the_public_url()
    {
        await using var server = await TestServer.StartAsync(o => o.PublicUrl = "https://lyceum.example.com/local");

        var json = await TestServer.JsonAsync(await server.PostJsonAsync("billing/checkout", new { credits_amount = 5 }));

        Assert.StartsWith("https://lyceum.example.com/local/checkout/cs_local_", json.GetProperty("checkout_url").GetString());
    }

    [Fact]
    public async Task a_public_url_that_is_not_an_http_url_stops_the_start_with_a_message()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => TestServer.StartAsync(o => o.PublicUrl = "lyceum.example.com"));

        Assert.Contains("--public-url must be an absolute http(s) URL", error.Message);
    }

    private static async Task<string> StartWithHostAsync(TestServer server, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "execution/streaming/start")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { code = "print('hi')" }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = host;
        var response = await server.Http.SendAsync(request);
        var json = await TestServer.JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return json.GetProperty("streaming_url").GetString()!;
    }
}
