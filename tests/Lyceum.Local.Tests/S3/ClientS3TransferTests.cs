using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Lyceum.Client;
using Lyceum.Local.Data;
using Lyceum.Local.Tests.Infrastructure;
using Lyceum.Shared;

namespace Lyceum.Local.Tests.S3;

/// <summary>Lyceum.Client's large transfers against Lyceum Local: over S3 in parallel parts above the threshold, /storage/* below.</summary>
public sealed class ClientS3TransferTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly string _dir = Directory.CreateTempSubdirectory("lyceum-s3-client-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task a_file_above_the_threshold_goes_up_and_down_over_s3_in_parts_with_progress_and_checks()
    {
        await using var server = await TestServer.StartAsync();
        using var client = Client(server, threshold: 4 * MiB);
        var bytes = RandomNumberGenerator.GetBytes((int)(17 * MiB + 5));
        var source = Path.Combine(_dir, "model.bin");
        await File.WriteAllBytesAsync(source, bytes);
        var reports = new List<TransferProgress>();

        var stored = await client.Storage.UploadAsync(source, "ckpt/model.bin", new SynchronousProgress<TransferProgress>(reports.Add));

        Assert.EndsWith("-3", stored.ETag);
        Assert.Equal(bytes.Length, stored.Size);
        // The first report says the route (S3 in 3 parts) before a byte has moved; the last one has every part done.
        Assert.Equal(new TransferProgress(0, bytes.Length) { Parts = 3 }, reports[0]);
        Assert.Equal(new TransferProgress(bytes.Length, bytes.Length) { Parts = 3, PartsDone = 3 }, reports[^1]);
        Assert.True(reports.Count > 3);
        var listed = Assert.Single(await client.Storage.ListAsync("ckpt/"));
        Assert.Equal(stored.ETag, listed.ETag);

        var target = Path.Combine(_dir, "back", "model.bin");
        reports.Clear();
        var downloaded = await client.Storage.DownloadAsync("ckpt/model.bin", target, new SynchronousProgress<TransferProgress>(reports.Add));

        Assert.Equal(bytes, await File.ReadAllBytesAsync(target));
        Assert.Equal(stored.ETag, downloaded.ETag);
        Assert.Equal(new TransferProgress(0, bytes.Length) { Parts = 3 }, reports[0]);
        Assert.Equal(new TransferProgress(bytes.Length, bytes.Length) { Parts = 3, PartsDone = 3 }, reports[^1]);
        Assert.Single(Directory.EnumerateFiles(Path.GetDirectoryName(target)!));
    }

    [Fact]
    public async Task a_large_object_stored_through_the_storage_api_downloads_over_s3_checked_against_its_md5()
    {
        await using var server = await TestServer.StartAsync();
        using var client = Client(server, threshold: 4 * MiB);
        using var plain = Client(server, threshold: null);
        var bytes = RandomNumberGenerator.GetBytes((int)(9 * MiB));
        var source = Path.Combine(_dir, "data.bin");
        await File.WriteAllBytesAsync(source, bytes);
        var stored = await plain.Storage.UploadAsync(source, "data.bin");
        Assert.Equal(32, stored.ETag!.Length);

        var target = Path.Combine(_dir, "data.copy");
        var downloaded = await client.Storage.DownloadAsync("data.bin", target);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(target));
        Assert.Equal(stored.ETag, downloaded.ETag);
    }

    [Fact]
    public async Task a_download_whose_bytes_rotted_on_the_server_is_refused_whatever_parts_the_object_was_uploaded_in()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var raw = s3.Client();
        var bytes = RandomNumberGenerator.GetBytes((int)(12 * MiB));
        // Uploaded in 5 MiB parts, downloaded in 8 MiB ranges: the multipart ETag (MD5 of the part MD5s) cannot check
        // these ranges; the object's CRC-64/NVME can.
        var started = await raw.InitiateMultipartUploadAsync(s3.Bucket, "rot.bin");
        var parts = new List<PartETag>();
        for (var i = 0; i < 3; i++)
        {
            var offset = (int)(i * 5 * MiB);
            var uploaded = await raw.UploadPartAsync(new UploadPartRequest
            {
                BucketName = s3.Bucket, Key = "rot.bin", UploadId = started.UploadId, PartNumber = i + 1,
                InputStream = new MemoryStream(bytes, offset, (int)Math.Min(5 * MiB, bytes.Length - offset)),
            });
            parts.Add(new PartETag(i + 1, uploaded.ETag));
        }
        await raw.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = s3.Bucket, Key = "rot.bin", UploadId = started.UploadId, PartETags = parts });
        StoredBytes.Rot(s3.Server, "rot.bin", 10 * MiB);
        using var client = Client(s3.Server, threshold: 4 * MiB);
        var target = Path.Combine(_dir, "rot.copy");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => client.Storage.DownloadAsync("rot.bin", target));

        Assert.Contains("is corrupt: its CRC-64/NVME", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_dir, "rot.copy*"));
    }

    [Fact]
    public async Task an_upload_over_s3_leaves_the_object_with_the_crc64_nvme_of_the_file()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = Client(s3.Server, threshold: 4 * MiB);
        var bytes = RandomNumberGenerator.GetBytes((int)(9 * MiB + 3));
        var source = Path.Combine(_dir, "up.bin");
        await File.WriteAllBytesAsync(source, bytes);

        await client.Storage.UploadAsync(source, "up.bin");

        using var raw = s3.Client();
        var head = await raw.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = s3.Bucket, Key = "up.bin", ChecksumMode = ChecksumMode.ENABLED });
        Assert.Equal(Crc64Nvme.ToBase64(Crc64Nvme.Hash(bytes)), head.ChecksumCRC64NVME);
        Assert.Equal(ChecksumType.FULL_OBJECT, head.ChecksumType);
    }

    [Fact]
    public async Task a_file_below_the_threshold_uses_the_storage_api_and_asks_for_no_credentials()
    {
        await using var server = await TestServer.StartAsync();
        using var client = Client(server, threshold: 4 * MiB);
        var source = Path.Combine(_dir, "small.txt");
        await File.WriteAllTextAsync(source, "small");

        var stored = await client.Storage.UploadAsync(source, "small.txt");

        Assert.Equal(Convert.ToHexStringLower(MD5.HashData("small"u8)), stored.ETag);
        Assert.Equal(0, await CredentialsIssuedAsync(server));
    }

    [Fact]
    public async Task credentials_that_expire_during_a_transfer_are_fetched_again_before_they_run_out()
    {
        await using var server = await TestServer.StartAsync(options => options.S3CredentialLifetime = TimeSpan.FromMinutes(2));
        using var client = Client(server, threshold: 4 * MiB, concurrency: 1);
        var bytes = RandomNumberGenerator.GetBytes((int)(17 * MiB));
        var source = Path.Combine(_dir, "long.bin");
        await File.WriteAllBytesAsync(source, bytes);

        await client.Storage.UploadAsync(source, "long.bin");

        Assert.True(await CredentialsIssuedAsync(server) > 1, "credentials living less than the refresh margin were not fetched again");
        Assert.Equal(bytes, await server.Http.GetByteArrayAsync("storage/download/long.bin"));
    }

    private static LyceumClient Client(TestServer server, long? threshold, int concurrency = 4) =>
        new(LyceumCredential.FromApiKey(server.Server.ApiKey), new LyceumClientOptions
        {
            Endpoint = server.Server.BaseUrl, S3TransferThreshold = threshold, S3TransferConcurrency = concurrency,
        });

    private static async Task<long> CredentialsIssuedAsync(TestServer server)
    {
        var db = new Database(Path.Combine(server.Server.DataDirectory, "lyceum.db"));
        try
        {
            return await db.ScalarAsync<long>("SELECT COUNT(*) FROM s3_credentials");
        }
        finally
        {
            db.ClearPool();
        }
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
