using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

/// <summary>
/// Lyceum Local's SSE output read the way every released official CLI reads it: an HTTP request with
/// Accept: text/event-stream (sometimes with the bearer), keep the "data: " lines, JSON-decode them, skip what is not JSON,
/// print output content, stop at jobFinished and take its returnCode.
/// </summary>
public sealed class ConformanceTests
{
    [Theory]
    [InlineData("GET", true, "print('a')\nprint('b')", "a\nb\n", "0")]
    [InlineData("POST", false, "import sys\nprint('partial', end='')\nsys.exit(2)", "partial", "2")]
    [InlineData("GET", false, "print('\\x1b[31mred\\x1b[0m ünïcödé 🚀')", "\u001b[31mred\u001b[0m ünïcödé 🚀\n", "0")]
    public async Task the_official_cli_stream_rules_read_lyceum_locals_sse_output(string method, bool withBearer, string code, string expectedOutput, string expectedReturnCode)
    {
        await using var server = await TestServer.StartAsync(o => o.Stream = "sse");
        var (_, url) = await server.StartRunAsync(new { code });

        var (output, returnCode, error, sawFinished) = await ReadLikeTheCliAsync(url, method, withBearer ? server.Server.ApiKey : null);

        Assert.True(sawFinished, "the stream ended without jobFinished");
        Assert.Equal(expectedOutput, output);
        Assert.Equal(expectedReturnCode, returnCode);
        Assert.Null(error);
    }

    private static async Task<(string Output, string? ReturnCode, string? Error, bool Finished)> ReadLikeTheCliAsync(string url, string method, string? bearer)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (bearer is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        var output = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
                continue;
            JsonElement message;
            try
            {
                message = JsonDocument.Parse(line["data: ".Length..]).RootElement;
            }
            catch (JsonException)
            {
                continue;
            }
            if (message.TryGetProperty("output", out var chunk))
                output.Append(chunk.GetProperty("content").GetString());
            else if (message.TryGetProperty("jobFinished", out var finished))
            {
                var result = finished.GetProperty("job").GetProperty("result");
                var error = result.TryGetProperty("error", out var e) && e.GetString() is { Length: > 0 } text ? text : null;
                return (output.ToString(), result.GetProperty("returnCode").GetString(), error, true);
            }
        }
        return (output.ToString(), null, null, false);
    }
}
