using System.Net;
using Lyceum.Local.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Lyceum.Local.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task every_response_carries_the_three_rate_limit_headers()
    {
        await using var server = await TestServer.StartAsync();

        foreach (var path in new[] { "billing/credits", "storage/list-files", "workloads/list", "health/ping" })
        {
            var response = await server.Http.GetAsync(path);
            Assert.True(response.Headers.Contains("X-RateLimit-Limit"), path);
            Assert.True(response.Headers.Contains("X-RateLimit-Remaining"), path);
            var reset = long.Parse(response.Headers.GetValues("X-RateLimit-Reset").Single());
            Assert.True(reset > DateTimeOffset.UtcNow.ToUnixTimeSeconds(), $"{path}: reset {reset} is not in the future");
        }
        var credits = await server.Http.GetAsync("billing/credits");
        Assert.Equal("100", credits.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("98", credits.Headers.GetValues("X-RateLimit-Remaining").Single());
    }

    [Fact]
    public async Task the_eleventh_login_in_a_minute_gets_429_with_retry_after_and_headers()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(o => o.TimeProvider = time);
        var body = new { email = server.Server.Email, password = server.Server.Password };
        var start = time.GetUtcNow();
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.OK, (await server.PostJsonAsync("auth/login", body)).StatusCode);
        time.Advance(TimeSpan.FromSeconds(20));

        var refused = await server.PostJsonAsync("auth/login", body);

        await Wire.AssertErrorAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("40", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("10", refused.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("0", refused.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal((start + TimeSpan.FromMinutes(1)).ToUnixTimeSeconds().ToString(), refused.Headers.GetValues("X-RateLimit-Reset").Single());
        // Other categories are counted apart.
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("billing/credits")).StatusCode);
    }

    [Fact]
    public async Task a_refused_caller_is_let_in_again_when_the_window_ends_on_the_server_clock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(o => o.TimeProvider = time);
        var body = new { email = server.Server.Email, password = server.Server.Password };
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.OK, (await server.PostJsonAsync("auth/login", body)).StatusCode);

        time.Advance(TimeSpan.FromSeconds(59));
        var stillRefused = await server.PostJsonAsync("auth/login", body);
        time.Advance(TimeSpan.FromSeconds(1));
        var letIn = await server.PostJsonAsync("auth/login", body);

        Assert.Equal(HttpStatusCode.TooManyRequests, stillRefused.StatusCode);
        Assert.Equal("1", stillRefused.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, letIn.StatusCode);
        Assert.Equal("9", letIn.Headers.GetValues("X-RateLimit-Remaining").Single());
    }

    [Fact]
    public async Task limits_are_counted_per_account()
    {
        await using var server = await TestServer.StartAsync();
        using var other = await OtherAccount.CreateAsync(server);
        for (var i = 0; i < 3; i++)
            await server.Http.GetAsync("billing/credits");

        var mine = await server.Http.GetAsync("billing/credits");
        var theirs = await other.Http.GetAsync("billing/credits");

        Assert.Equal("96", mine.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal("99", theirs.Headers.GetValues("X-RateLimit-Remaining").Single());
    }

    [Fact]
    public async Task no_rate_limits_turns_limits_and_headers_off()
    {
        await using var server = await TestServer.StartAsync(o => o.RateLimits = false);
        var body = new { email = server.Server.Email, password = server.Server.Password };

        for (var i = 0; i < 12; i++)
            Assert.Equal(HttpStatusCode.OK, (await server.PostJsonAsync("auth/login", body)).StatusCode);
        Assert.False((await server.Http.GetAsync("billing/credits")).Headers.Contains("X-RateLimit-Limit"));
    }
}
