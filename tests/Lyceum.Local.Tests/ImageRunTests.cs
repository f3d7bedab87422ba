using System.Net;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class ImageRunTests
{
    [RequiresPodmanFact]
    public async Task an_image_run_streams_output_with_its_command_environment_and_exit_code()
    {
        await Podman.EnsureImageAsync();
        await using var server = await TestServer.StartAsync(o => o.ContainerRuntime = Podman.Options());

        var messages = await RunImageAsync(server, new
        {
            docker_image_ref = Podman.Image,
            docker_run_cmd = new[] { "/bin/busybox", "sh", "-c", "echo \"$GREETING\"; echo \"$SECOND\"; echo oops >&2; exit 4" },
            docker_run_env = "GREETING=hello from busybox\nSECOND=two=2\n",
            enable_s3_mount = false,
        });

        Assert.Equal("hello from busybox\ntwo=2\n", Wire.Text(messages, "stdout"));
        Assert.Contains("oops", Wire.Text(messages, "stderr"));
        Assert.Equal("failed_user", Wire.Status(messages));
        Assert.Equal("4", Wire.ReturnCode(messages));
    }

    [RequiresPodmanFact]
    public async Task an_image_run_sees_the_accounts_storage_at_mnt_s3()
    {
        await Podman.EnsureImageAsync();
        await using var server = await TestServer.StartAsync(o => o.ContainerRuntime = Podman.Options());
        await StorageTests.UploadAsync(server, "stored before the run"u8.ToArray(), formKey: "data/in.txt");

        var messages = await RunImageAsync(server, new
        {
            docker_image_ref = Podman.Image,
            docker_run_cmd = new[] { "/bin/busybox", "sh", "-c", "cat /mnt/s3/data/in.txt; echo made by the run > /mnt/s3/data/out.txt" },
        });

        Assert.Equal("completed", Wire.Status(messages));
        Assert.Equal("stored before the run", Wire.Text(messages, "stdout"));
        var written = await server.Http.GetAsync("storage/download/data/out.txt");
        Assert.Equal("made by the run\n", await written.Content.ReadAsStringAsync());
    }

    [RequiresPodmanFact]
    public async Task aborting_an_image_run_stops_and_removes_its_container()
    {
        await Podman.EnsureImageAsync();
        await using var server = await TestServer.StartAsync(o => o.ContainerRuntime = Podman.Options());
        var start = await TestServer.JsonAsync(await server.PostJsonAsync("execution/image/start", new
        {
            docker_image_ref = Podman.Image,
            docker_run_cmd = new[] { "/bin/busybox", "sh", "-c", "echo started; sleep 300" },
            enable_s3_mount = false,
        }));
        var id = start.GetProperty("execution_id").GetString()!;
        var stream = RunStream.Open(start.GetProperty("streaming_url").GetString()!);
        await stream.WaitForAsync("started");

        var abort = await server.Http.PostAsync($"execution/streaming/abort/{id}", null);

        Assert.Equal(HttpStatusCode.OK, abort.StatusCode);
        var messages = await stream.Completion;
        Assert.Equal("aborted", Wire.Status(messages));
        Assert.Equal("started\n", Wire.Text(messages, "stdout"));
        var containers = await Podman.RunCliAsync("ps", "-a", "--filter", $"name=lyceum-{id}", "--format", "{{.Names}}");
        Assert.DoesNotContain(id, containers);
    }

    [Fact]
    public async Task a_configured_runtime_that_does_not_answer_gets_503_naming_it()
    {
        await using var server = await TestServer.StartAsync(o => o.ContainerRuntime = new ContainerRuntimeOptions { Cli = "/nonexistent/docker" });

        var error = await Wire.AssertErrorAsync(await server.PostJsonAsync("execution/image/start", new { docker_image_ref = "busybox" }), HttpStatusCode.ServiceUnavailable);

        Assert.Contains("/nonexistent/docker", error.GetProperty("detail").GetString());
    }

    internal static async Task<List<System.Text.Json.JsonElement>> RunImageAsync(TestServer server, object body)
    {
        var response = await server.PostJsonAsync("execution/image/start", body);
        var start = await TestServer.JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, start.ToString());
        return await TestServer.ReadSseAsync(start.GetProperty("streaming_url").GetString()!);
    }
}
