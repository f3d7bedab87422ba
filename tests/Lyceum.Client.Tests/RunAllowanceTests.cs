using Lyceum.Client.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Lyceum.Client.Tests;

/// <summary>A map bigger than the run starts the rate limit has left is refused before anything starts.</summary>
public sealed class RunAllowanceTests
{
    private static readonly DateTimeOffset Reset = DateTimeOffset.FromUnixTimeSeconds(1764324000);

    [Fact]
    public async Task a_map_bigger_than_the_run_starts_left_is_refused_before_any_run_starts()
    {
        await using var local = await LocalServer.StartAsync();
        using var client = local.NewClient();
        await client.Executions.StartPythonAsync(new PythonRunRequest("print(1)"));
        var requests = Enumerable.Range(0, 100).Select(i => new PythonRunRequest($"print({i})")).ToList();

        var e = await Assert.ThrowsAsync<LyceumRunAllowanceException>(async () =>
        {
            await foreach (var _ in client.Executions.MapAsync(requests))
            {
            }
        });

        Assert.Equal(100, e.Requested);
        Assert.Equal(99, e.Allowance.Remaining);
        Assert.StartsWith("100 runs need 100 run starts, but only 99 of the service's 100 an hour are left", e.Message);
        Assert.Contains("Run at most 99 now", e.Message);
        await client.Executions.StartPythonAsync(new PythonRunRequest("print(2)"));
        Assert.Equal(98, client.Executions.RunAllowance!.Remaining);
    }

    [Fact]
    public async Task before_the_first_start_nothing_is_known_and_nothing_is_refused()
    {
        await using var server = await ScriptedServer.StartAsync();
        using var client = server.CreateClient();

        client.Executions.CheckRunAllowance(1000);

        Assert.Null(client.Executions.RunAllowance);
    }

    [Fact]
    public async Task once_the_window_has_reset_the_full_limit_is_available_again()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("POST", "/execution/streaming/start", """{"execution_id":"ex1","status":"queued","streaming_url":"http://127.0.0.1:9/s"}""", 200,
            ("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "3"), ("X-RateLimit-Reset", Reset.ToUnixTimeSeconds().ToString()));
        var time = new FakeTimeProvider(Reset - TimeSpan.FromMinutes(10));
        using var client = server.CreateClient(configure: o => o.TimeProvider = time);
        await client.Executions.StartPythonAsync(new PythonRunRequest("print(1)"));

        Assert.Throws<LyceumRunAllowanceException>(() => client.Executions.CheckRunAllowance(4));
        client.Executions.CheckRunAllowance(3);
        time.Advance(TimeSpan.FromMinutes(10));
        client.Executions.CheckRunAllowance(100);
        Assert.Equal(100, client.Executions.RunAllowance!.Remaining);
    }
}
