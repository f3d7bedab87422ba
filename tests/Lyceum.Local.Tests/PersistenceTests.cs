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
            await RunStream.Open(start.GetProperty("streaming_url").GetString()!).WaitForAsync("before");
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
            var start = await TestServer.JsonAsync(await http.PostAsync("execution/streaming/start", Json("{\"code\":\"import time\\nprint('before', flush=True)\\ntime.sleep(300)\"}")));
            runId = start.GetProperty("execution_id").GetString()!;
            await RunStream.Open(start.GetProperty("streaming_url").GetString()!).WaitForAsync("before");

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
            var body = new UnfinishedContent();
            using var form = new MultipartFormDataContent { { new StringContent("partial.bin"), "key" }, { body, "file", "partial.bin" } };
            var upload = http.PostAsync("storage/upload", form);
            await body.Sent.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(_data, "tmp")));

            child.Crash();
            body.ServerDied();
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

    /// <summary>
    /// Sends more of a body than socket buffers can hold (so the server has written part of it to disk), then waits for
    /// the test to kill the server, and goes on writing into the dead connection.
    /// </summary>
    internal sealed class UnfinishedContent : HttpContent
    {
        private const int Chunk = 64 * 1024;
        private const long BeforeSignal = 32L * 1024 * 1024;
        private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _died = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Sent => _sent.Task;

        public void ServerDied() => _died.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var chunk = new byte[Chunk];
            for (long sent = 0; sent < BeforeSignal; sent += Chunk)
                await stream.WriteAsync(chunk);
            await stream.FlushAsync();
            _sent.TrySetResult();
            await _died.Task;
            while (true)
            {
                await stream.WriteAsync(chunk);
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
