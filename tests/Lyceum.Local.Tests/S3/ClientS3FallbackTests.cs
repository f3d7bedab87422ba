using System.Security.Cryptography;
using Lyceum.Client;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests.S3;

/// <summary>Lyceum.Client's S3 transfers against an S3 service that keeps no CRC-64/NVME (Lyceum Local behind a proxy
/// that hides or refuses the flexible checksums): they fall back to MD5 checks against the ETags.</summary>
public sealed class ClientS3FallbackTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly string _dir = Directory.CreateTempSubdirectory("lyceum-s3-fallback-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task a_service_without_checksums_gets_files_up_and_down_checked_by_md5_and_rotted_bytes_are_caught()
    {
        await using var proxy = await S3GatewayProxy.StartAsync();
        await using var server = await StartBehindAsync(proxy);
        using var client = Client(server);
        var bytes = RandomNumberGenerator.GetBytes((int)(17 * MiB));
        var source = Path.Combine(_dir, "model.bin");
        await File.WriteAllBytesAsync(source, bytes);

        var stored = await client.Storage.UploadAsync(source, "model.bin");
        var copy = Path.Combine(_dir, "model.copy");
        await client.Storage.DownloadAsync("model.bin", copy);

        Assert.EndsWith("-3", stored.ETag);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(copy));

        StoredBytes.Rot(server, "model.bin", 9 * MiB);
        var rotted = Path.Combine(_dir, "rotted.copy");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => client.Storage.DownloadAsync("model.bin", rotted));
        Assert.Contains("is corrupt: its multipart ETag", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_dir, "rotted.copy*"));
    }

    [Fact]
    public async Task a_service_that_refuses_checksum_requests_gets_a_plain_multipart_upload()
    {
        await using var proxy = await S3GatewayProxy.StartAsync();
        proxy.RefuseChecksumRequests = true;
        await using var server = await StartBehindAsync(proxy);
        using var client = Client(server);
        var bytes = RandomNumberGenerator.GetBytes((int)(9 * MiB));
        var source = Path.Combine(_dir, "data.bin");
        await File.WriteAllBytesAsync(source, bytes);

        var stored = await client.Storage.UploadAsync(source, "data.bin");

        Assert.Equal(1, proxy.Refused);
        Assert.EndsWith("-2", stored.ETag);
        Assert.Equal(bytes, await server.Http.GetByteArrayAsync("storage/download/data.bin"));
    }

    /// <summary>A Lyceum Local whose handed-out S3 endpoint is the proxy's.</summary>
    private static async Task<TestServer> StartBehindAsync(S3GatewayProxy proxy)
    {
        var server = await TestServer.StartAsync(o => o.PublicUrl = proxy.Url.AbsoluteUri.TrimEnd('/'));
        proxy.Target = server.Server.BaseUrl;
        return server;
    }

    private static LyceumClient Client(TestServer server) =>
        new(LyceumCredential.FromApiKey(server.Server.ApiKey), new LyceumClientOptions { Endpoint = server.Server.BaseUrl, S3TransferThreshold = 4 * MiB });
}
