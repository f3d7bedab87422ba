using Lyceum.Client.Tests.Infrastructure;

namespace Lyceum.Client.Tests;

public sealed class RateLimitCategoryTests
{
    [Fact]
    public async Task status_polls_do_not_overwrite_the_run_start_limit()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("POST", "/execution/streaming/start", """{"execution_id":"ex1","status":"queued","streaming_url":"http://127.0.0.1:9/s"}""", 200,
            ("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "99"), ("X-RateLimit-Reset", "1764324000"));
        server.OnJson("GET", "/execution/streaming/ex1/status", """{"execution_id":"ex1","status":"running"}""", 200,
            ("X-RateLimit-Limit", "1000"), ("X-RateLimit-Remaining", "990"), ("X-RateLimit-Reset", "1764324000"));
        server.OnJson("GET", "/workloads/list", "[]", 200,
            ("X-RateLimit-Limit", "1000"), ("X-RateLimit-Remaining", "989"), ("X-RateLimit-Reset", "1764324000"));
        using var client = server.CreateClient();

        await client.Executions.StartPythonAsync(new PythonRunRequest("print(1)"));
        await client.Executions.GetStatusAsync("ex1");
        await client.Executions.ListWorkloadsAsync();

        Assert.Equal(100, client.RateLimits["execution"].Limit);
        Assert.Equal(99, client.RateLimits["execution"].Remaining);
        Assert.Equal(1000, client.RateLimits["other"].Limit);
        Assert.Equal(989, client.RateLimits["other"].Remaining);
    }

    [Fact]
    public async Task api_key_calls_do_not_overwrite_the_login_limit()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("POST", "/auth/login", """{"access_token":"a.b.c","refresh_token":"r","expires_in":86400}""", 200,
            ("X-RateLimit-Limit", "10"), ("X-RateLimit-Remaining", "9"), ("X-RateLimit-Reset", "1764324000"));
        server.OnJson("GET", "/auth/api-keys/", "[]", 200,
            ("X-RateLimit-Limit", "1000"), ("X-RateLimit-Remaining", "999"), ("X-RateLimit-Reset", "1764324000"));
        using var client = server.CreateClient();

        await client.Auth.LoginAsync("me@example.com", "pw");
        await client.Auth.ListApiKeysAsync();

        Assert.Equal(10, client.RateLimits["auth"].Limit);
        Assert.Equal(1000, client.RateLimits["other"].Limit);
    }

    [Fact]
    public async Task a_refused_status_poll_names_no_made_up_category()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/execution/streaming/ex1/status",
            """{"detail":"Rate limit exceeded","status":429,"type":"rate_limit_error","errors":[]}""", 429, ("Retry-After", "3600"));
        using var client = server.CreateClient();

        var e = await Assert.ThrowsAsync<LyceumApiException>(() => client.Executions.GetStatusAsync("ex1"));

        Assert.Equal(429, e.StatusCode);
        Assert.Contains("the rate limit is used up; wait 3600 s and try again", e.Message);
        Assert.DoesNotContain("other", e.Message);
    }
}
