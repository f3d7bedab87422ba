using Microsoft.AspNetCore.Http;
using Lyceum.Client.Tests.Infrastructure;

namespace Lyceum.Client.Tests;

/// <summary>Large transfers use S3 only when the service hands out credentials; otherwise /storage/* as before.</summary>
public sealed class S3FallbackTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lyceum-s3-fallback-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task a_large_upload_goes_through_the_storage_api_when_the_service_has_no_s3_credentials_and_asks_only_once()
    {
        await using var server = await ScriptedServer.StartAsync();
        var received = new List<StorageScript.Received>();
        var asked = 0;
        server.On("POST", "/storage/credentials", async ctx =>
        {
            Interlocked.Increment(ref asked);
            ctx.Response.StatusCode = 501;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"detail":"no S3 here","status":501,"type":"not_implemented","errors":[]}""");
        });
        server.On("POST", "/storage/upload", StorageScript.Upload(received));
        using var client = server.CreateClient(configure: o => o.S3TransferThreshold = 10);
        var path = Path.Combine(_dir, "big.csv");
        await File.WriteAllTextAsync(path, "more than ten bytes of data");

        await client.Storage.UploadAsync(path, "a.csv");
        await client.Storage.UploadAsync(path, "b.csv");

        Assert.Equal(["a.csv", "b.csv"], received.Select(r => r.FormKey));
        Assert.Equal(1, asked);
    }

    [Fact]
    public void a_negative_threshold_or_no_parallelism_is_refused_when_the_client_is_built()
    {
        Assert.Throws<LyceumConfigurationException>(() => new LyceumClient(LyceumCredential.FromApiKey("lk_test_0123456789"),
            new LyceumClientOptions { Endpoint = new Uri("http://127.0.0.1:1"), S3TransferThreshold = -1 }));
        Assert.Throws<LyceumConfigurationException>(() => new LyceumClient(LyceumCredential.FromApiKey("lk_test_0123456789"),
            new LyceumClientOptions { Endpoint = new Uri("http://127.0.0.1:1"), S3TransferConcurrency = 0 }));
    }
}
