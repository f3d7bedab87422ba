using Lyceum.Client.Tests.Infrastructure;

namespace Lyceum.Client.Tests;

public sealed class ErrorHintTests
{
    [Fact]
    public async Task a_501_says_retrying_will_not_help_instead_of_try_again_later()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("POST", "/storage/credentials",
            """{"detail":"Lyceum Local does not issue S3 credentials yet; use /storage/upload instead.","status":501,"type":"not_implemented","errors":[]}""", 501);
        using var client = server.CreateClient();

        var e = await Assert.ThrowsAsync<LyceumApiException>(() => client.Storage.GetCredentialsAsync());

        Assert.Equal(501, e.StatusCode);
        Assert.Contains("does not issue S3 credentials", e.Message);
        Assert.Contains("retrying will not help", e.Message);
        Assert.DoesNotContain("try again later", e.Message);
    }

    [Fact]
    public async Task a_503_keeps_the_services_words_and_says_it_was_retried_where_safe()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("POST", "/execution/image/start",
            """{"detail":"No container runtime is configured; start Lyceum Local with --container-cli podman.","status":503,"type":"service_unavailable","errors":[]}""", 503);
        using var client = server.CreateClient(configure: o => { o.Retry.MaxRetries = 1; o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10); });

        var e = await Assert.ThrowsAsync<LyceumApiException>(() => client.Executions.StartImageAsync(new ImageRunRequest("busybox")));

        Assert.Equal(503, e.StatusCode);
        Assert.StartsWith("HTTP 503 (service_unavailable): No container runtime is configured; start Lyceum Local with --container-cli podman.", e.Message);
        Assert.Contains("retried where safe", e.Message);
        Assert.DoesNotContain("the service failed", e.Message);
    }
}
