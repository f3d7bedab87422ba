using System.Net;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class PersistenceTests : IDisposable
{
    private const string Key = "lk_local_persistence_test";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "lyceum-local-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task a_restart_keeps_keys_runs_files_history_and_credits()
    {
        string runId, newKey, streamingUrl;
        decimal credits;
        await using (var first = await TestServer.StartAsync(o => { o.DataDirectory = _data; o.ApiKey = Key; }))
        {
            newKey = (await TestServer.JsonAsync(await first.PostJsonAsync("auth/api-keys/", new { key_name = "kept" }))).GetProperty("api_key").GetString()!;
            (runId, streamingUrl) = await first.StartRunAsync(new { code = "print('persisted output')" });
            await TestServer.ReadSseAsync(streamingUrl);
            await StorageTests.UploadAsync(first, "kept bytes"u8.ToArray(), formKey: "kept/file.txt");
            credits = (await first.GetJsonAsync("billing/credits")).GetProperty("available_credits").GetDecimal();
        }

        await using var second = await TestServer.StartAsync(o => { o.DataDirectory = _data; o.ApiKey = Key; });
        using var withNewKey = second.Client(newKey);

        Assert.Equal(HttpStatusCode.OK, (await withNewKey.GetAsync("billing/credits")).StatusCode);
        var record = await second.GetJsonAsync($"execution/{runId}");
        Assert.Equal("completed", record.GetProperty("status").GetString());
        Assert.Equal("persisted output\n", record.GetProperty("output").GetString());
        Assert.Equal(credits, (await second.GetJsonAsync("billing/credits")).GetProperty("available_credits").GetDecimal());
        Assert.Equal("kept bytes", await (await second.Http.GetAsync("storage/download/kept/file.txt")).Content.ReadAsStringAsync());
        Assert.Equal(1, (await second.GetJsonAsync("billing/history")).GetProperty("total_executions").GetInt32());
        var replay = await TestServer.ReadSseAsync(streamingUrl.Replace(new Uri(streamingUrl.Replace("ws://", "http://")).Authority, second.Server.BaseUrl.Authority));
        Assert.Equal("persisted output\n", Wire.Text(replay));
        var login = await second.PostJsonAsync("auth/login", new { email = second.Server.Email, password = second.Server.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task a_torn_last_line_in_a_run_log_is_dropped_on_replay()
    {
        string runId, url;
        await using (var first = await TestServer.StartAsync(o => { o.DataDirectory = _data; o.ApiKey = Key; }))
        {
            (runId, url) = await first.StartRunAsync(new { code = "print('intact')" });
            await TestServer.ReadSseAsync(url);
        }
        await File.AppendAllTextAsync(Path.Combine(_data, "runs", runId, "output.jsonl"), "{\"output\":{\"cont");

        await using var second = await TestServer.StartAsync(o => { o.DataDirectory = _data; o.ApiKey = Key; });

        Assert.Equal("intact\n", (await second.GetJsonAsync($"execution/{runId}")).GetProperty("output").GetString());
    }

    [Fact]
    public async Task a_run_live_when_the_server_died_becomes_system_failure_after_restart()
    {
        string runId;
        using (var child = await ChildServer.StartAsync(_data, "--api-key", Key))
        using (var http = child.Client(Key))
        {
            var start = await TestServer.JsonAsync(await http.PostAsync("execution/streaming/start", Json("{\"code\":\"import time\\nprint('before', flush=True)\\ntime.sleep(300)\"}")));
            runId = start.GetProperty("execution_id").GetString()!;
            await WaitForStatusAsync(http, runId, "running");
            child.Crash();
        }

        await using var server = await TestServer.StartAsync(o => { o.DataDirectory = _data; o.ApiKey = Key; });
        var status = await server.GetJsonAsync($"execution/streaming/{runId}/status");

        Assert.Equal("system_failure", status.GetProperty("status").GetString());
        Assert.Empty((await server.GetJsonAsync("workloads/list")).EnumerateArray());
    }

    [Fact]
    public async Task sigterm_stops_the_server_cleanly_and_marks_live_runs()
    {
        string runId;
        using (var child = await ChildServer.StartAsync(_data, "--api-key", Key))
        using (var http = child.Client(Key))
        {
            var start = await TestServer.JsonAsync(await http.PostAsync("execution/streaming/start", Json("{\"code\":\"import time\\ntime.sleep(300)\"}")));
            runId = start.GetProperty("execution_id").GetString()!;
            await WaitForStatusAsync(http, runId, "running");

            Assert.Equal(0, await child.TerminateAsync());
        }

        await using var server = await TestServer.StartAsync(o => { o.DataDirectory = _data; o.ApiKey = Key; });
        var status = await server.GetJsonAsync($"execution/streaming/{runId}/status");
        Assert.Equal("system_failure", status.GetProperty("status").GetString());
        Assert.Contains("stopped", status.GetProperty("errors").GetString());
    }

    [Fact]
    public async Task a_server_killed_mid_upload_leaves_no_partial_object()
    {
        using (var child = await ChildServer.StartAsync(_data, "--api-key", Key))
        using (var http = child.Client(Key))
        {
            var sent = new TaskCompletionSource();
            var body = new SlowContent(1024 * 1024, sent);
            using var form = new MultipartFormDataContent { { new StringContent("partial.bin"), "key" }, { body, "file", "partial.bin" } };
            var upload = http.PostAsync("storage/upload", form);
            await sent.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var temp = Path.Combine(_data, "tmp");
            for (var i = 0; i < 100 && !Directory.EnumerateFiles(temp).Any(f => new FileInfo(f).Length > 0); i++)
                await Task.Delay(50);
            Assert.NotEmpty(Directory.EnumerateFiles(temp));

            child.Crash();
            await Assert.ThrowsAnyAsync<Exception>(() => upload);
        }

        await using var server = await TestServer.StartAsync(o => { o.DataDirectory = _data; o.ApiKey = Key; });
        Assert.Empty((await server.GetJsonAsync("storage/list-files")).EnumerateArray());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_data, "storage"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_data, "tmp")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
            Directory.Delete(_data, recursive: true);
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static async Task WaitForStatusAsync(HttpClient http, string id, string wanted)
    {
        for (var i = 0; i < 200; i++)
        {
            var status = await TestServer.JsonAsync(await http.GetAsync($"execution/streaming/{id}/status"));
            if (status.GetProperty("status").GetString() == wanted)
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"run {id} never reached {wanted}");
    }

    /// <summary>Sends part of a body, then never finishes: an upload cut off by the server's death.</summary>
    private sealed class SlowContent(int firstBytes, TaskCompletionSource sent) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(new byte[firstBytes]);
            await stream.FlushAsync();
            sent.TrySetResult();
            // Keep trickling so the client notices the dead connection at once.
            for (var i = 0; i < 1200; i++)
            {
                await Task.Delay(100);
                await stream.WriteAsync(new byte[1024]);
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
