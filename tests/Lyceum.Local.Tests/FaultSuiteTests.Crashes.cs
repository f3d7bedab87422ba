using System.Text.Json;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed partial class FaultSuiteTests
{
    private const string Key = "lk_local_fault_suite_key";

    /// <summary>A silent sleeper, one with a child in its group, and one whose child left for a session of its own.</summary>
    private static readonly string[] RunsInFlight =
    [
        "import os, time\nprint('pids', os.getpid(), flush=True)\ntime.sleep(600)",
        "import os, subprocess, time\np = subprocess.Popen(['sleep', '600'])\nprint('pids', os.getpid(), p.pid, flush=True)\ntime.sleep(600)",
        "import os, subprocess, time\np = subprocess.Popen(['sleep', '600'], start_new_session=True)\nprint('pids', os.getpid(), 'escaped', p.pid, flush=True)\ntime.sleep(600)",
    ];

    [Fact]
    public async Task after_kill_9_of_the_server_no_run_process_outlives_recovery_and_its_runs_end_system_failure()
    {
        var runs = new List<(string Id, List<int> Grouped, List<int> Escaped)>();
        using (var child = await ChildServer.StartAsync(_data, "--api-key", Key, "--max-concurrency", "4"))
        using (var http = child.Client(Key))
        {
            foreach (var code in RunsInFlight)
            {
                var start = await TestServer.JsonAsync(await http.PostAsync("execution/streaming/start", Json(JsonSerializer.Serialize(new { code, timeout = 600 }))));
                var stream = RunStream.Open(start.GetProperty("streaming_url").GetString()!);
                await stream.WaitForAsync("\n");
                var words = stream.Text.Split(' ', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
                var escaped = words.IndexOf("escaped");
                runs.Add((start.GetProperty("execution_id").GetString()!,
                    (escaped < 0 ? words : words[..escaped]).Select(int.Parse).ToList(),
                    escaped < 0 ? [] : words[(escaped + 1)..].Select(int.Parse).ToList()));
            }

            child.Crash();

            // Where the OS allows it, a run's process group dies with the server, long before any timeout.
            foreach (var pid in runs.SelectMany(r => r.Grouped))
                Assert.True(await ProcessExit.WaitAsync(pid, TimeSpan.FromSeconds(30)), $"run process {pid} outlived the server");
        }

        await using var server = await TestServer.StartAsync(o => { o.DataDirectory = _data; o.ApiKey = Key; });

        Assert.Empty(ProcessExit.OfRuns(runs.Select(r => r.Id).ToList()));
        foreach (var pid in runs.SelectMany(r => r.Escaped))
            Assert.True(await ProcessExit.WaitAsync(pid, TimeSpan.FromSeconds(30)), $"a run's escaped process {pid} survived recovery");
        foreach (var (id, _, _) in runs)
        {
            var status = await server.GetJsonAsync($"execution/streaming/{id}/status");
            Assert.Equal("system_failure", status.GetProperty("status").GetString());
            Assert.DoesNotContain(_data, status.ToString());
        }
        Assert.Empty((await server.GetJsonAsync("workloads/list")).EnumerateArray());
    }
}
