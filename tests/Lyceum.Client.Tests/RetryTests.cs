using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lyceum.Client.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Lyceum.Client.Tests;

public sealed class RetryTests
{
    private const string Credits = """{"available_credits":1,"used_credits":0,"remaining_credits":1,"monthly_free_credits":1,"purchased_credits":0}""";
    private const string Started = """{"execution_id":"ex1","status":"queued","streaming_url":"http://127.0.0.1:1/s"}""";

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task get_is_retried_after_a_transient_status(int status)
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnSequence("GET", "/billing/credits", ScriptedServer.Json("""{"detail":"try again"}""", status), ScriptedServer.Json(Credits));
        using var client = server.CreateClient();

        await client.Billing.GetCreditsAsync();

        Assert.Equal(2, server.RequestsTo("GET", "/billing/credits").Count);
    }

    [Fact]
    public async Task get_whose_answer_breaks_off_mid_body_is_retried()
    {
        await using var server = await ScriptedServer.StartAsync();
        // A long answer whose first connection is cut by the proxy after its headers and part of its body.
        var padded = Credits[..^1] + $$""","padding":"{{new string('x', 20_000)}}"}""";
        server.OnJson("GET", "/billing/credits", padded);
        await using var proxy = new ChaosProxy(server.BaseUrl.Port);
        proxy.FaultNextConnection(new ChaosProxy.Fault(ChaosProxy.FaultKind.Cut, AfterBytes: 2_000));
        using var client = server.CreateClient(configure: o => o.Endpoint = proxy.Url);

        var credits = await client.Billing.GetCreditsAsync();

        Assert.Equal(1m, credits.AvailableCredits);
        Assert.Equal(2, server.RequestsTo("GET", "/billing/credits").Count);
    }

    [Fact]
    public async Task start_post_answered_500_is_not_retried()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnSequence("POST", "/execution/streaming/start", ScriptedServer.Json("""{"detail":"boom"}""", 500), ScriptedServer.Json(Started));
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<LyceumApiException>(() => client.Executions.StartPythonAsync(new PythonRunRequest("x")));

        Assert.Equal(500, error.StatusCode);
        Assert.Single(server.RequestsTo("POST", "/execution/streaming/start"));
    }

    [Fact]
    public async Task start_post_answered_503_is_retried()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnSequence("POST", "/execution/streaming/start", ScriptedServer.Json("""{"detail":"busy"}""", 503), ScriptedServer.Json(Started));
        using var client = server.CreateClient();

        var started = await client.Executions.StartPythonAsync(new PythonRunRequest("x"));

        Assert.Equal("ex1", started.ExecutionId);
        Assert.Equal(2, server.RequestsTo("POST", "/execution/streaming/start").Count);
        Assert.All(server.RequestsTo("POST", "/execution/streaming/start"), r => Assert.Contains("\"code\":\"x\"", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task start_post_whose_connection_was_refused_is_retried()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("POST", "/execution/streaming/start", Started);
        var deadPort = FreePort();
        var connects = 0;
        var transport = new SocketsHttpHandler
        {
            // The first connection goes to a port nobody listens on: refused before anything was sent.
            ConnectCallback = async (context, cancellationToken) =>
            {
                var port = Interlocked.Increment(ref connects) == 1 ? deadPort : server.BaseUrl.Port;
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var _ = transport;
        using var client = server.CreateClient(configure: o => o.Transport = transport);

        var started = await client.Executions.StartPythonAsync(new PythonRunRequest("x"));

        Assert.Equal("ex1", started.ExecutionId);
        Assert.Equal(2, connects);
        Assert.Single(server.RequestsTo("POST", "/execution/streaming/start"));
    }

    [Fact]
    public async Task retry_waits_for_the_retry_after_seconds()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnSequence("GET", "/billing/credits", ScriptedServer.Json("""{"detail":"slow down"}""", 429, ("Retry-After", "30")), ScriptedServer.Json(Credits));
        await AssertWaitsForAsync(server, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task retry_waits_for_the_retry_after_date()
    {
        await using var server = await ScriptedServer.StartAsync();
        var time = new ObservedTimeProvider();
        time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        var date = time.GetUtcNow().AddSeconds(40).ToString("r", CultureInfo.InvariantCulture);
        server.OnSequence("GET", "/billing/credits", ScriptedServer.Json("""{"detail":"slow down"}""", 503, ("Retry-After", date)), ScriptedServer.Json(Credits));
        await AssertWaitsForAsync(server, TimeSpan.FromSeconds(40), time);
    }

    [Fact]
    public async Task retry_after_longer_than_allowed_surfaces_with_its_wait_and_rate_limit()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/billing/credits", """{"detail":"Rate limit exceeded","type":"rate_limit_error"}""", 429,
            ("Retry-After", "3600"), ("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "1764324000"));
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<LyceumApiException>(() => client.Billing.GetCreditsAsync());

        Assert.Single(server.RequestsTo("GET", "/billing/credits"));
        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
        Assert.Equal(new RateLimitState("billing", 100, 0, DateTimeOffset.FromUnixTimeSeconds(1764324000)), error.RateLimit);
        Assert.Contains("wait 3600 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task retries_stop_after_the_configured_attempts()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/billing/credits", """{"detail":"down"}""", 502);
        using var client = server.CreateClient(configure: o => o.Retry.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<LyceumApiException>(() => client.Billing.GetCreditsAsync());

        Assert.Equal(502, error.StatusCode);
        Assert.Equal(3, server.RequestsTo("GET", "/billing/credits").Count);
    }

    [Fact]
    public async Task rate_limit_headers_are_kept_per_category()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/billing/credits", Credits, 200, ("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "99"), ("X-RateLimit-Reset", "1764324000"));
        server.OnJson("GET", "/storage/list-files", "[]", 200, ("X-RateLimit-Limit", "1000"), ("X-RateLimit-Remaining", "998"), ("X-RateLimit-Reset", "1764324060"));
        using var client = server.CreateClient();

        await client.Billing.GetCreditsAsync();
        await client.Storage.ListAsync();

        Assert.Equal(99, client.RateLimits["billing"].Remaining);
        Assert.Equal(new RateLimitState("storage", 1000, 998, DateTimeOffset.FromUnixTimeSeconds(1764324060)), client.RateLimits["storage"]);
        Assert.False(client.RateLimits.ContainsKey("execution"));
    }

    private static async Task AssertWaitsForAsync(ScriptedServer server, TimeSpan wait, ObservedTimeProvider? time = null)
    {
        if (time is null)
        {
            time = new ObservedTimeProvider();
            time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        }

        using var client = server.CreateClient(configure: o => o.TimeProvider = time);

        var call = client.Billing.GetCreditsAsync();
        // Two timers: the first attempt's network timeout, then the wait before the retry.
        await time.TimerCreatedAsync(2);
        Assert.Single(server.RequestsTo("GET", "/billing/credits"));
        // Just short of the wait, nothing is due; at the wait, the retry goes out and succeeds.
        time.Advance(wait - TimeSpan.FromSeconds(1));
        Assert.Equal(2, time.Timers);
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, server.RequestsTo("GET", "/billing/credits").Count);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
