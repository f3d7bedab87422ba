using System.Diagnostics;
using System.Runtime.InteropServices;
using Lyceum.Client.Diagnostics;
using Lyceum.Client.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Lyceum.Client.Tests;

/// <summary>What an application sees of the SDK: its User-Agent, its activities and metrics (OpenTelemetry reads both
/// by the name <c>Lyceum.Client</c>), and its logs, which never hold a secret.</summary>
public sealed class TelemetryTests : IDisposable
{
    private const string Credits = """{"available_credits":1,"used_credits":0,"remaining_credits":1,"monthly_free_credits":1,"purchased_credits":0}""";
    private readonly string _dir = Directory.CreateTempSubdirectory("lyceum-telemetry-").FullName;

    [Fact]
    public async Task requests_name_the_sdk_its_version_the_runtime_and_the_os_in_the_user_agent()
    {
        await using var server = await ScriptedServer.StartAsync();
        var agents = UserAgentsOf(server);
        using var client = server.CreateClient();

        await client.Billing.GetCreditsAsync();

        var agent = Assert.Single(agents);
        Assert.Matches(@"^Lyceum\.Client/\d+\.\d+\.\d+\S* \(\.NET \d+\.\d+[^;]*; [^()]+\)$", agent);
        Assert.Contains(RuntimeInformation.FrameworkDescription, agent);
    }

    [Fact]
    public async Task the_application_id_comes_first_in_the_user_agent()
    {
        await using var server = await ScriptedServer.StartAsync();
        var agents = UserAgentsOf(server);
        using var client = server.CreateClient(configure: o => o.ApplicationId = "sweep-tool/2.1");

        await client.Billing.GetCreditsAsync();

        Assert.StartsWith("sweep-tool/2.1 Lyceum.Client/", Assert.Single(agents));
    }

    [Fact]
    public void an_application_id_that_cannot_be_a_user_agent_token_is_refused_naming_the_option()
    {
        var error = Assert.Throws<LyceumConfigurationException>(() =>
            new LyceumClient(LyceumCredential.FromApiKey(TestKeys.ApiKey), new LyceumClientOptions { ApplicationId = "my tool (beta)" }));

        Assert.StartsWith("ApplicationId 'my tool (beta)' cannot go in the User-Agent", error.Message);
    }

    [Fact]
    public async Task each_request_is_an_activity_of_the_lyceum_client_source_with_its_answer()
    {
        using var recorder = new ActivityRecorder(LyceumTelemetry.Name);
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/billing/credits", Credits);
        server.OnJson("GET", "/execution/streaming/nope/status", """{"detail":"no such run","type":"not_found"}""", 404);
        using var client = server.CreateClient();

        await client.Billing.GetCreditsAsync();
        await Assert.ThrowsAsync<LyceumApiException>(() => client.Executions.GetStatusAsync("nope"));

        var activities = recorder.To(server.BaseUrl);
        Assert.Equal(2, activities.Count);
        Assert.Equal("Lyceum GET billing/credits", activities[0].DisplayName);
        Assert.Equal(ActivityKind.Client, activities[0].Kind);
        Assert.Equal(200, activities[0].GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, activities[0].Status);
        Assert.Equal(404, activities[1].GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, activities[1].Status);
    }

    [Fact]
    public async Task retries_and_rate_limit_waits_are_counted_and_logged()
    {
        using var requests = new MetricCollector<long>(null, LyceumTelemetry.Name, LyceumTelemetry.RequestsMetric);
        using var retries = new MetricCollector<long>(null, LyceumTelemetry.Name, LyceumTelemetry.RetriesMetric);
        using var waits = new MetricCollector<long>(null, LyceumTelemetry.Name, LyceumTelemetry.RateLimitWaitsMetric);
        var logs = new FakeLogCollector();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        await using var server = await ScriptedServer.StartAsync();
        server.OnSequence("GET", "/billing/credits",
            ScriptedServer.Json("""{"detail":"slow down","type":"rate_limit_error"}""", 429, ("Retry-After", "0")),
            ScriptedServer.Json("""{"detail":"busy"}""", 503),
            ScriptedServer.Json(Credits));
        using var client = server.CreateClient(configure: o => o.LoggerFactory = loggers);

        await client.Billing.GetCreditsAsync();

        Assert.Equal(3, Sum(requests, server));
        Assert.Equal(2, Sum(retries, server));
        Assert.Equal(1, Sum(waits, server));
        Assert.Equal([429, 503, 200], requests.GetMeasurementSnapshot().Where(m => OnPort(m.Tags, server))
            .Select(m => (int)m.Tags["http.response.status_code"]!));
        var lines = logs.GetSnapshot().Select(r => (r.Level, r.Message)).ToList();
        Assert.Contains(lines, l => l.Level == LogLevel.Warning && l.Message.Contains("rate limiting (HTTP 429)") && l.Message.Contains("/billing/credits"));
        Assert.Contains(lines, l => l.Level == LogLevel.Information && l.Message.Contains("retrying (attempt 3) after HTTP 503"));
        Assert.Contains(lines, l => l.Level == LogLevel.Debug && l.Message.Contains("GET /api/v2/external/billing/credits answered 200"));
    }

    [Fact]
    public async Task a_resumed_output_stream_counts_a_reconnect()
    {
        using var reconnects = new MetricCollector<long>(null, LyceumTelemetry.Name, LyceumTelemetry.StreamReconnectsMetric);
        await using var server = await ScriptedServer.StartAsync();
        var delivered = new StreamTests.Delivered();
        server.OnSequence("GET", "/execution/streaming/ex1",
            ctx => StreamPlayer.PlayAsync(ctx, ["""{"output":{"content":"a "},"seq":1}"""], abortAfter: delivered.Of("a ")),
            ctx => StreamPlayer.PlayAsync(ctx, ["""{"output":{"content":"b "},"seq":2}""", """{"jobFinished":{"job":{"result":{"returnCode":0}}},"seq":3}"""]));
        using var client = server.CreateClient();

        var events = await StreamTests.ReadAllAsync(client, StreamTests.Started(server, "sse"),
            new StreamOptions { ReconnectDelay = TimeSpan.FromMilliseconds(5), StatusPollInterval = TimeSpan.FromMilliseconds(10) }, delivered.Observe);

        Assert.Equal("a b ", string.Concat(events.OfType<ExecutionOutput>().Select(o => o.Text)));
        Assert.Equal(1, Sum(reconnects, server));
    }

    [Fact]
    public async Task uploads_and_downloads_count_the_file_bytes_they_moved()
    {
        using var bytes = new MetricCollector<long>(null, LyceumTelemetry.Name, LyceumTelemetry.BytesTransferredMetric);
        await using var server = await ScriptedServer.StartAsync();
        var file = Path.Combine(_dir, "data.bin");
        await File.WriteAllBytesAsync(file, new byte[70_000]);
        server.On("POST", "/storage/upload", StorageScript.Upload([]));
        server.On("GET", "/storage/download/*", StorageScript.Download(file));
        using var client = server.CreateClient();

        await client.Storage.UploadAsync(file, "data.bin");
        await client.Storage.DownloadAsync("data.bin", Path.Combine(_dir, "copy.bin"));

        var moved = bytes.GetMeasurementSnapshot().Where(m => OnPort(m.Tags, server))
            .Select(m => ((string)m.Tags["lyceum.transfer.direction"]!, m.Value)).ToList();
        Assert.Equal([("upload", 70_000L), ("download", 70_000L)], moved);
    }

    [Fact]
    public async Task the_api_key_never_appears_in_the_logs_even_when_the_service_rejects_it()
    {
        var logs = new FakeLogCollector();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        await using var server = await ScriptedServer.StartAsync();
        server.OnSequence("GET", "/billing/credits",
            ScriptedServer.Json("""{"detail":"busy"}""", 503),
            ScriptedServer.Json($$"""{"detail":"Invalid API key {{TestKeys.ApiKey}}","type":"authentication_error"}""", 401));
        using var client = server.CreateClient(configure: o => o.LoggerFactory = loggers);

        await Assert.ThrowsAsync<LyceumApiException>(() => client.Billing.GetCreditsAsync());

        var records = logs.GetSnapshot();
        Assert.True(records.Count >= 3, "the requests, the retry and the rejection are logged");
        foreach (var record in records)
        {
            Assert.DoesNotContain(TestKeys.ApiKey, record.Message);
            Assert.DoesNotContain(TestKeys.ApiKey, string.Join(" ", record.StructuredState?.Select(kv => kv.Value) ?? []));
            Assert.DoesNotContain(TestKeys.ApiKey, record.Exception?.ToString() ?? "");
        }
    }

    private static List<string> UserAgentsOf(ScriptedServer server)
    {
        var agents = new List<string>();
        server.On("GET", "/billing/credits", ctx =>
        {
            lock (agents)
                agents.Add(ctx.Request.Headers.UserAgent.ToString());
            return ScriptedServer.Reply(ctx, 200, Credits);
        });
        return agents;
    }

    private static long Sum(MetricCollector<long> collector, ScriptedServer server) =>
        collector.GetMeasurementSnapshot().Where(m => OnPort(m.Tags, server)).Sum(m => m.Value);

    private static bool OnPort(IReadOnlyDictionary<string, object?> tags, ScriptedServer server) =>
        tags.TryGetValue("server.port", out var port) && port is int p && p == server.BaseUrl.Port;

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
