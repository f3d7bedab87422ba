using System.Text.Json;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

/// <summary>A compose run's containers outlive a killed server (they run detached); recovery removes them.</summary>
public sealed class ComposeRecoveryTests : IDisposable
{
    private const string Key = "lk_local_compose_recovery";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "lyceum-local-test-" + Guid.NewGuid().ToString("N"));

    [PodmanComposeFact]
    public async Task after_kill_9_of_the_server_recovery_removes_a_compose_runs_containers()
    {
        await Podman.EnsureImageAsync();
        var runtime = Podman.Options();
        var file = $$"""
            services:
              sleeper:
                image: {{Podman.Image}}
                command: ["/bin/busybox", "sh", "-c", "echo started; sleep 300"]
            """;
        List<string> args = ["--api-key", Key, "--container-cli", runtime.Cli, "--compose-cli", Podman.ComposeCli!];
        foreach (var arg in runtime.GlobalArguments)
            args.AddRange(["--container-global-arg", arg]);
        foreach (var (name, value) in runtime.Environment)
            args.AddRange(["--container-env", $"{name}={value}"]);

        string id;
        using (var child = await ChildServer.StartAsync(_data, [.. args]))
        using (var http = child.Client(Key))
        {
            var body = JsonSerializer.Serialize(new { compose_file_code = file, timeout = 600 });
            var start = await TestServer.JsonAsync(await http.PostAsync("execution/compose/start", new StringContent(body, System.Text.Encoding.UTF8, "application/json")));
            id = start.GetProperty("execution_id").GetString()!;
            var stream = RunStream.Open(start.GetProperty("streaming_url").GetString()!);
            await stream.WaitForAsync("started");
            Assert.NotEqual("", (await Podman.RunCliAsync("ps", "-q", "--filter", $"label=io.podman.compose.project=lyceum-{id}")).Trim());
            child.Crash();
        }

        await using var server = await TestServer.StartAsync(o => { o.DataDirectory = _data; o.ApiKey = Key; o.ContainerRuntime = runtime; });

        Assert.Equal("", (await Podman.RunCliAsync("ps", "-a", "-q", "--filter", $"label=io.podman.compose.project=lyceum-{id}")).Trim());
        var status = await server.GetJsonAsync($"execution/streaming/{id}/status");
        Assert.Equal("system_failure", status.GetProperty("status").GetString());
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
