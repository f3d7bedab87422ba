using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;

namespace Lyceum.Local.Tests.S3;

/// <summary>Multipart uploads through AWSSDK.S3: its TransferUtility in parallel, and each operation by hand.</summary>
public sealed partial class MultipartTests
{
    private const int Part = 5 * 1024 * 1024;

    [Fact]
    public async Task transfer_utility_uploads_in_parallel_parts_and_downloads_the_same_bytes()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();
        var folder = Directory.CreateTempSubdirectory("lyceum-s3-");
        try
        {
            var bytes = RandomNumberGenerator.GetBytes(3 * Part + 12345);
            var source = Path.Combine(folder.FullName, "model.bin");
            await File.WriteAllBytesAsync(source, bytes);
            using var transfer = new TransferUtility(client, new TransferUtilityConfig { ConcurrentServiceRequests = 4, MinSizeBeforePartUpload = Part });

            await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = s3.Bucket, Key = "checkpoints/model.bin", FilePath = source, PartSize = Part });

            var head = await client.GetObjectMetadataAsync(s3.Bucket, "checkpoints/model.bin");
            Assert.Equal(bytes.Length, head.ContentLength);
            Assert.Equal(ExpectedEtag(bytes, Part), head.ETag);
            var target = Path.Combine(folder.FullName, "back.bin");
            await transfer.DownloadAsync(new TransferUtilityDownloadRequest { BucketName = s3.Bucket, Key = "checkpoints/model.bin", FilePath = target });
            Assert.Equal(bytes, await File.ReadAllBytesAsync(target));
            Assert.Equal(bytes, await s3.Server.Http.GetByteArrayAsync("storage/download/checkpoints/model.bin"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task an_unfinished_upload_is_invisible_listed_as_an_upload_and_gone_after_abort()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();
        var created = await client.InitiateMultipartUploadAsync(s3.Bucket, "big/data.bin");
        var part = await client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = s3.Bucket, Key = "big/data.bin", UploadId = created.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[1000]),
        });

        Assert.Empty((await s3.Server.GetJsonAsync("storage/list-files")).EnumerateArray());
        Assert.Null((await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = s3.Bucket })).S3Objects);
        var uploads = await client.ListMultipartUploadsAsync(s3.Bucket);
        Assert.Equal(created.UploadId, Assert.Single(uploads.MultipartUploads!).UploadId);
        var parts = await client.ListPartsAsync(s3.Bucket, "big/data.bin", created.UploadId);
        Assert.Equal(part.ETag, Assert.Single(parts.Parts!).ETag);
        Assert.Equal(1000, parts.Parts![0].Size);

        await client.AbortMultipartUploadAsync(s3.Bucket, "big/data.bin", created.UploadId);

        Assert.Null((await client.ListMultipartUploadsAsync(s3.Bucket)).MultipartUploads);
        var gone = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.ListPartsAsync(s3.Bucket, "big/data.bin", created.UploadId));
        Assert.Equal("NoSuchUpload", gone.ErrorCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(s3.Server.Server.DataDirectory, "multipart")));
    }

    [Fact]
    public async Task complete_checks_part_etags_and_the_minimum_part_size()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();
        var created = await client.InitiateMultipartUploadAsync(s3.Bucket, "parts.bin");
        var first = await UploadPartAsync(client, s3.Bucket, "parts.bin", created.UploadId, 1, new byte[1000]);
        var second = await UploadPartAsync(client, s3.Bucket, "parts.bin", created.UploadId, 2, new byte[10]);

        var etag = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => CompleteAsync(client, s3.Bucket, "parts.bin", created.UploadId, (1, "\"00\""), (2, second)));
        var small = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => CompleteAsync(client, s3.Bucket, "parts.bin", created.UploadId, (1, first), (2, second)));

        Assert.Equal("InvalidPart", etag.ErrorCode);
        Assert.Equal("EntityTooSmall", small.ErrorCode);
        Assert.Empty((await s3.Server.GetJsonAsync("storage/list-files")).EnumerateArray());
        var single = await CompleteAsync(client, s3.Bucket, "parts.bin", created.UploadId, (2, second));
        Assert.EndsWith("-1\"", single.ETag);
        Assert.Equal(10, (await client.GetObjectMetadataAsync(s3.Bucket, "parts.bin")).ContentLength);
    }

    [Fact]
    public async Task parts_waiting_to_be_joined_count_against_the_quota()
    {
        await using var s3 = await S3Fixture.StartAsync(options => options.StorageQuotaBytes = 1500);
        using var client = s3.Client();
        var created = await client.InitiateMultipartUploadAsync(s3.Bucket, "q.bin");
        await UploadPartAsync(client, s3.Bucket, "q.bin", created.UploadId, 1, new byte[1000]);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => UploadPartAsync(client, s3.Bucket, "q.bin", created.UploadId, 2, new byte[1000]));

        Assert.Equal("QuotaExceeded", error.ErrorCode);
        Assert.Single((await client.ListPartsAsync(s3.Bucket, "q.bin", created.UploadId)).Parts!);
    }

    private static async Task<string> UploadPartAsync(AmazonS3Client client, string bucket, string key, string uploadId, int number, byte[] data) =>
        (await client.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = key, UploadId = uploadId, PartNumber = number, InputStream = new MemoryStream(data) })).ETag;

    private static Task<CompleteMultipartUploadResponse> CompleteAsync(AmazonS3Client client, string bucket, string key, string uploadId, params (int Number, string Etag)[] parts) =>
        client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket, Key = key, UploadId = uploadId,
            PartETags = parts.Select(p => new PartETag(p.Number, p.Etag)).ToList(),
        });

    private static string ExpectedEtag(byte[] bytes, int partSize)
    {
        var md5s = bytes.Chunk(partSize).SelectMany(MD5.HashData).ToArray();
        return $"\"{Convert.ToHexStringLower(MD5.HashData(md5s))}-{(bytes.Length + partSize - 1) / partSize}\"";
    }
}
