using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

/// <summary>POST /execution/compose/start through podman-compose (issue 12, item 12).</summary>
public sealed class ComposeRunTests
{
    private static readonly string TwoServices = $$"""
        services:
          hello:
            image: {{Podman.Image}}
            command: ["/bin/busybox", "sh", "-c", "echo hello from $$NAME; echo oops >&2; exit 3"]
            environment:
              NAME: compose
          other:
            image: {{Podman.Image}}
            command: ["/bin/busybox", "sh", "-c", "echo other done"]
        """;

    [PodmanComposeFact]
    public async Task a_compose_run_streams_each_services_lines_and_ends_with_the_first_non_zero_exit_code()
    {
        await Podman.EnsureImageAsync();
        await using var server = await TestServer.StartAsync(o => o.ContainerRuntime = Podman.Options());

        var (id, messages) = await StartAndReadAsync(server, new { compose_file_code = TwoServices, timeout = 120 });

        var stdout = Wire.Text(messages, "stdout");
        Assert.Contains("hello | hello from compose\n", stdout);
        Assert.Contains("other | other done\n", stdout);
        Assert.Contains("hello | oops\n", Wire.Text(messages, "stderr"));
        Assert.DoesNotContain("podman", stdout);
        Assert.Equal("failed_user", Wire.Status(messages));
        Assert.Equal("3", Wire.ReturnCode(messages));
        Assert.Single(messages, m => m.TryGetProperty("jobFinished", out _));
        await AssertCleanedUpAsync(id);
    }

    [PodmanComposeFact]
    public async Task a_single_service_reads_like_an_image_run_and_sees_storage_when_asked()
    {
        await Podman.EnsureImageAsync();
        await using var server = await TestServer.StartAsync(o => o.ContainerRuntime = Podman.Options());
        await StorageTests.UploadAsync(server, "from storage"u8.ToArray(), formKey: "in.txt");
        var file = $$"""
            services:
              only:
                image: {{Podman.Image}}
                command: ["/bin/busybox", "cat", "/mnt/s3/in.txt"]
            """;

        var (id, messages) = await StartAndReadAsync(server, new { compose_file_code = file, enable_s3_mount = true, timeout = 120 });

        Assert.Equal("from storage", Wire.Text(messages, "stdout"));
        Assert.Equal("completed", Wire.Status(messages));
        Assert.Equal("0", Wire.ReturnCode(messages));
        await AssertCleanedUpAsync(id);
    }

    [PodmanComposeFact]
    public async Task aborting_a_compose_run_removes_its_containers_and_still_ends_the_stream()
    {
        await Podman.EnsureImageAsync();
        await using var server = await TestServer.StartAsync(o => o.ContainerRuntime = Podman.Options());
        var file = $$"""
            services:
              sleeper:
                image: {{Podman.Image}}
                command: ["/bin/busybox", "sh", "-c", "echo started; sleep 300"]
            """;
        var start = await TestServer.JsonAsync(await server.PostJsonAsync("execution/compose/start", new { compose_file_code = file, timeout = 600 }));
        var id = start.GetProperty("execution_id").GetString()!;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(180) };
        await using var body = await client.GetStreamAsync(TestServer.HttpUrl(start.GetProperty("streaming_url").GetString()!));

        var messages = new List<JsonElement>();
        await foreach (var item in SseParser.Create(body).EnumerateAsync())
        {
            messages.Add(JsonDocument.Parse(item.Data).RootElement.Clone());
            if (Wire.Text(messages).Contains("started", StringComparison.Ordinal) && messages.Count(m => m.TryGetProperty("output", out _)) == 1)
                await server.Http.PostAsync($"execution/streaming/abort/{id}", null);
        }

        Assert.Equal("aborted", Wire.Status(messages));
        await AssertCleanedUpAsync(id);
    }

    [PodmanComposeFact]
    public async Task a_compose_file_whose_image_cannot_be_had_fails_with_podmans_error_and_leaves_nothing()
    {
        await using var server = await TestServer.StartAsync(o => o.ContainerRuntime = Podman.Options());
        var file = """
            services:
              missing:
                image: localhost/lyceum-local-test:does-not-exist
                command: ["/bin/true"]
            """;

        var (id, messages) = await StartAndReadAsync(server, new { compose_file_code = file, timeout = 120 });

        Assert.Equal("failed_user", Wire.Status(messages));
        Assert.Contains("Error:", Wire.Terminal(messages).GetProperty("errors").GetString());
        Assert.Contains("Error:", Wire.Text(messages, "stderr"));
        await AssertCleanedUpAsync(id);
    }

    [Fact]
    public async Task without_a_container_runtime_a_compose_run_answers_503_saying_how_to_enable_it()
    {
        await using var server = await TestServer.StartAsync();

        var response = await server.PostJsonAsync("execution/compose/start", new { compose_file_code = "services: {}" });
        var error = await Wire.AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable);

        Assert.Contains("podman-compose", error.GetProperty("detail").GetString());
        Assert.Contains("--container-cli podman", error.GetProperty("detail").GetString());
        Assert.Equal(TimeSpan.FromHours(1), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task without_podman_compose_a_compose_run_answers_503_naming_the_option()
    {
        await using var server = await TestServer.StartAsync(o =>
            o.ContainerRuntime = new ContainerRuntimeOptions { Cli = "podman", ComposeCli = "/nonexistent/podman-compose" });

        var error = await Wire.AssertErrorAsync(await server.PostJsonAsync("execution/compose/start", new { compose_file_code = "services: {}" }),
            HttpStatusCode.ServiceUnavailable);

        Assert.Contains("apt-get install podman-compose", error.GetProperty("detail").GetString());
        Assert.Contains("--compose-cli", error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task a_compose_start_without_its_file_is_refused_naming_the_field()
    {
        await using var server = await TestServer.StartAsync();

        await Wire.AssertErrorAsync(await server.PostJsonAsync("execution/compose/start", new { timeout = 10, graceful_timeout = -1 }),
            HttpStatusCode.BadRequest, "compose_file_code");
    }

    private static async Task<(string Id, List<JsonElement> Messages)> StartAndReadAsync(TestServer server, object body)
    {
        var response = await server.PostJsonAsync("execution/compose/start", body);
        var start = await TestServer.JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, start.ToString());
        return (start.GetProperty("execution_id").GetString()!, await TestServer.ReadSseAsync(start.GetProperty("streaming_url").GetString()!));
    }

    private static async Task AssertCleanedUpAsync(string id)
    {
        var filter = $"label=io.podman.compose.project=lyceum-{id}";
        Assert.Equal("", (await Podman.RunCliAsync("ps", "-a", "-q", "--filter", filter)).Trim());
        Assert.Equal("", (await Podman.RunCliAsync("network", "ls", "-q", "--filter", filter)).Trim());
    }
}
