using System.Text.Json;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

/// <summary>
/// The container CLI processes of image and compose runs are run processes: their own process group, marked with the run,
/// gone with a killed server. The containers belong to the runtime and outlive it (compose runs detached); start-up
/// recovery removes them.
/// </summary>
public sealed class ContainerRecoveryTests : IDisposable
{
    private const string Key = "lk_local_container_recovery";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "lyceum-local-test-" + Guid.NewGuid().ToString("N"));

    [RequiresPodmanFact]
    public async Task after_kill_9_of_the_server_an_image_runs_cli_dies_with_it_and_recovery_removes_its_container()
    {
        var (id, cli) = await CrashDuringRunAsync("execution/image/start", new
        {
            docker_image_ref = Podman.Image,
            docker_run_cmd = new[] { "/bin/busybox", "sh", "-c", "echo started; sleep 300" },
            enable_s3_mount = false,
            timeout = 600,
        }, pids =>
        {
            // One group of its own, led by a process of the run (the watchdog that kills it when the server dies).
            var group = Assert.Single(pids.Select(ProcessExit.GroupOf).Where(g => g is not null).Distinct());
            Assert.Contains(group!.Value, pids);
        });

        foreach (var pid in cli)
            Assert.True(await ProcessExit.WaitAsync(pid, TimeSpan.FromSeconds(30)), $"container CLI process {pid} outlived the server");
        Assert.NotEqual("", (await Podman.RunCliAsync("ps", "-q", "--filter", $"name=^lyceum-{id}$")).Trim());

        await using var server = await RestartAsync();

        Assert.Equal("", (await Podman.RunCliAsync("ps", "-a", "-q", "--filter", $"name=^lyceum-{id}$")).Trim());
        Assert.Equal("system_failure", (await server.GetJsonAsync($"execution/streaming/{id}/status")).GetProperty("status").GetString());
    }

    [PodmanComposeFact]
    public async Task after_kill_9_of_the_server_recovery_removes_a_compose_runs_containers()
    {
        var file = $$"""
            services:
              sleeper:
                image: {{Podman.Image}}
                command: ["/bin/busybox", "sh", "-c", "echo started; sleep 300"]
            """;
        var (id, cli) = await CrashDuringRunAsync("execution/compose/start", new { compose_file_code = file, timeout = 600 }, _ => { });

        // The CLI processes following the services (podman logs -f) die with the server; the containers are recovery's.
        foreach (var pid in cli)
            Assert.True(await ProcessExit.WaitAsync(pid, TimeSpan.FromSeconds(30)), $"compose CLI process {pid} outlived the server");
        Assert.NotEqual("", (await Podman.RunCliAsync("ps", "-q", "--filter", $"label=io.podman.compose.project=lyceum-{id}")).Trim());

        await using var server = await RestartAsync();

        Assert.Equal("", (await Podman.RunCliAsync("ps", "-a", "-q", "--filter", $"label=io.podman.compose.project=lyceum-{id}")).Trim());
        Assert.Equal("system_failure", (await server.GetJsonAsync($"execution/streaming/{id}/status")).GetProperty("status").GetString());
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Starts the command line with podman, starts a run that prints "started" and sleeps, and kills the server with
    /// SIGKILL once the run printed; returns the run and the pids of its CLI processes (checked by <paramref name="check"/>).
    /// </summary>
    private async Task<(string Id, List<int> Cli)> CrashDuringRunAsync(string path, object body, Action<List<int>> check)
    {
        await Podman.EnsureImageAsync();
        var runtime = Podman.Options();
        List<string> args = ["--api-key", Key, "--container-cli", runtime.Cli];
        if (Podman.ComposeCli is { } compose)
            args.AddRange(["--compose-cli", compose]);
        foreach (var arg in runtime.GlobalArguments)
            args.AddRange(["--container-global-arg", arg]);
        foreach (var arg in runtime.RunArguments)
            args.Add("--container-run-arg=" + arg);
        foreach (var (name, value) in runtime.Environment)
            args.AddRange(["--container-env", $"{name}={value}"]);

        using var child = await ChildServer.StartAsync(_data, [.. args]);
        using var http = child.Client(Key);
        var start = await TestServer.JsonAsync(await http.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json")));
        var id = start.GetProperty("execution_id").GetString()!;
        await RunStream.Open(start.GetProperty("streaming_url").GetString()!).WaitForAsync("started");

        // Marked with the run (so recovery would find them), and never in the server's own group.
        var cli = ProcessExit.OfRuns([id]);
        Assert.NotEmpty(cli);
        Assert.DoesNotContain(ProcessExit.GroupOf(child.Pid), cli.Select(ProcessExit.GroupOf));
        check(cli);
        child.Crash();
        return (id, cli);
    }

    private Task<TestServer> RestartAsync() =>
        TestServer.StartAsync(o => { o.DataDirectory = _data; o.ApiKey = Key; o.ContainerRuntime = Podman.Options(); });
}
