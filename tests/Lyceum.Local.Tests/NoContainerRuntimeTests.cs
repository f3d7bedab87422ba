using System.Net;
using Lyceum.Client;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class NoContainerRuntimeTests
{
    [Fact]
    public async Task the_503_without_a_container_runtime_asks_clients_not_to_retry_soon()
    {
        await using var server = await TestServer.StartAsync();

        var response = await server.PostJsonAsync("execution/image/start", new { docker_image_ref = "busybox" });

        await Wire.AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("3600", response.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task lyceum_client_reports_the_missing_runtime_in_the_servers_words_without_retrying()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new LyceumClient(LyceumCredential.FromApiKey(server.Server.ApiKey), new LyceumClientOptions { Endpoint = server.Server.BaseUrl });

        var e = await Assert.ThrowsAsync<LyceumApiException>(() => client.Executions.StartImageAsync(new ImageRunRequest("busybox")));

        Assert.Equal(503, e.StatusCode);
        Assert.Contains("--container-cli podman", e.Message);
        Assert.Equal(TimeSpan.FromHours(1), e.RetryAfter);
        // The image start was sent once (not once per retry): this start is the second of the hour.
        var starts = await server.PostJsonAsync("execution/streaming/start", new { code = "print(1)" });
        Assert.Equal("98", starts.Headers.GetValues("X-RateLimit-Remaining").Single());
    }
}
