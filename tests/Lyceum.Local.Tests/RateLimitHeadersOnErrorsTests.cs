using System.Net;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class RateLimitHeadersOnErrorsTests
{
    [Fact]
    public async Task unknown_routes_wrong_methods_and_refused_calls_carry_the_rate_limit_headers_too()
    {
        await using var server = await TestServer.StartAsync();
        using var anonymous = server.Client(null);

        var answers = new (string What, HttpResponseMessage Response, HttpStatusCode Expected)[]
        {
            ("unknown route", await server.Http.GetAsync("no/such/endpoint"), HttpStatusCode.NotFound),
            ("unknown route without a bearer", await anonymous.GetAsync("no/such/endpoint"), HttpStatusCode.NotFound),
            ("wrong method", await server.Http.GetAsync("execution/streaming/start"), HttpStatusCode.MethodNotAllowed),
            ("no bearer", await anonymous.GetAsync("billing/credits"), HttpStatusCode.Unauthorized),
            ("malformed JSON", await server.PostRawAsync("execution/streaming/start", "{\"code\":"), HttpStatusCode.BadRequest),
            ("unknown run", await server.Http.GetAsync($"execution/streaming/{Guid.NewGuid()}/status"), HttpStatusCode.NotFound),
        };

        foreach (var (what, response, expected) in answers)
        {
            Assert.True(expected == response.StatusCode, $"{what}: expected {(int)expected}, got {(int)response.StatusCode}");
            foreach (var header in new[] { "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset" })
                Assert.True(response.Headers.Contains(header), $"{what}: no {header}");
        }
    }

    [Fact]
    public async Task requests_to_unknown_routes_count_against_the_general_limit()
    {
        await using var server = await TestServer.StartAsync();

        var first = await server.Http.GetAsync("no/such/endpoint");
        var second = await server.Http.GetAsync("health/ping");

        Assert.Equal("1000", first.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal(
            int.Parse(first.Headers.GetValues("X-RateLimit-Remaining").Single()) - 1,
            int.Parse(second.Headers.GetValues("X-RateLimit-Remaining").Single()));
    }
}
