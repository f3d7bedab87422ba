using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests.S3;

/// <summary>
/// The storage quota over S3 and /storage together, with AWSSDK.S3 clients at once: one claim mechanism judges every
/// upload, so concurrent uploads cannot pass the quota together, and a refused or failed one leaves nothing behind.
/// </summary>
public sealed class QuotaTests
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task concurrent_s3_and_storage_uploads_never_pass_the_quota_together()
    {
        await using var s3 = await S3Fixture.StartAsync(options => { options.StorageQuotaBytes = 10 * MiB; options.RateLimits = false; });
        using var client = s3.Client();
        var bytes = new byte[4 * MiB];

        var overS3 = Enumerable.Range(0, 3).Select(i =>
            OutcomeAsync(() => client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = $"s3-{i}.bin", InputStream = new MemoryStream(bytes) })));
        var overStorage = Enumerable.Range(0, 2).Select(async i =>
        {
            using var answer = await StorageTests.UploadAsync(s3.Server, bytes, formKey: $"storage-{i}.bin");
            return answer.StatusCode == HttpStatusCode.OK ? "stored" : ((int)answer.StatusCode).ToString();
        });
        var outcomes = await Task.WhenAll(overS3.Concat(overStorage));

        Assert.Equal(2, outcomes.Count(o => o == "stored"));
        Assert.All(outcomes.Where(o => o != "stored"), o => Assert.Contains(o, new[] { "403 QuotaExceeded", "413" }));
        var stored = (await s3.Server.GetJsonAsync("storage/list-files")).EnumerateArray().Sum(f => f.GetProperty("size").GetInt64());
        Assert.Equal(8 * MiB, stored);
        AssertNothingHalfWritten(s3);
    }

    [Fact]
    public async Task parts_of_concurrent_multipart_uploads_never_pass_the_quota_and_abort_gives_their_room_back()
    {
        await using var s3 = await S3Fixture.StartAsync(options => options.StorageQuotaBytes = 12 * MiB);
        using var client = s3.Client();
        var first = await client.InitiateMultipartUploadAsync(s3.Bucket, "a.bin");
        var second = await client.InitiateMultipartUploadAsync(s3.Bucket, "b.bin");
        var part = new byte[5 * MiB];

        var outcomes = await Task.WhenAll(new[] { (first, 1), (first, 2), (second, 1), (second, 2) }.Select(p => OutcomeAsync(() => client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = s3.Bucket, Key = p.Item1.Key, UploadId = p.Item1.UploadId, PartNumber = p.Item2, InputStream = new MemoryStream(part),
        }))));

        Assert.Equal(2, outcomes.Count(o => o == "stored"));
        Assert.Equal(2, outcomes.Count(o => o == "403 QuotaExceeded"));
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = "small.bin", InputStream = new MemoryStream(new byte[3 * MiB]) }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("12582912 bytes", refused.Message);
        Assert.Contains("AbortMultipartUpload", refused.Message);

        await client.AbortMultipartUploadAsync(s3.Bucket, "a.bin", first.UploadId);
        await client.AbortMultipartUploadAsync(s3.Bucket, "b.bin", second.UploadId);

        await client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = "full.bin", InputStream = new MemoryStream(new byte[12 * MiB]) });
        AssertNothingHalfWritten(s3);
    }

    [Fact]
    public async Task a_completed_upload_counts_once_and_a_failed_one_gives_its_room_back()
    {
        await using var s3 = await S3Fixture.StartAsync(options => options.StorageQuotaBytes = 11 * MiB);
        using var client = s3.Client();
        var created = await client.InitiateMultipartUploadAsync(s3.Bucket, "joined.bin");
        var one = await client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = s3.Bucket, Key = "joined.bin", UploadId = created.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[5 * MiB]),
        });
        var two = await client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = s3.Bucket, Key = "joined.bin", UploadId = created.UploadId, PartNumber = 2, InputStream = new MemoryStream(new byte[MiB]),
        });
        await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = s3.Bucket, Key = "joined.bin", UploadId = created.UploadId, PartETags = [new PartETag(1, one.ETag), new PartETag(2, two.ETag)],
        });
        var corrupt = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = s3.Bucket, Key = "corrupt.bin", InputStream = new MemoryStream(new byte[5 * MiB]), MD5Digest = Convert.ToBase64String(new byte[16]),
        }));
        Assert.Equal("BadDigest", corrupt.ErrorCode);

        await client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = "rest.bin", InputStream = new MemoryStream(new byte[5 * MiB]) });

        var full = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = "one-more.bin", InputStream = new MemoryStream(new byte[1]) }));
        Assert.Equal("QuotaExceeded", full.ErrorCode);
        var sizes = (await s3.Server.GetJsonAsync("storage/list-files")).EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!, f => f.GetProperty("size").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["joined.bin"] = 6 * MiB, ["rest.bin"] = 5 * MiB }, sizes);
        AssertNothingHalfWritten(s3);
    }

    [Fact]
    public async Task a_copy_beyond_the_quota_is_refused_and_writes_nothing()
    {
        await using var s3 = await S3Fixture.StartAsync(options => options.StorageQuotaBytes = 7 * MiB);
        using var client = s3.Client();
        await client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = "original.bin", InputStream = new MemoryStream(new byte[4 * MiB]) });

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.CopyObjectAsync(s3.Bucket, "original.bin", s3.Bucket, "copy.bin"));

        Assert.Equal("QuotaExceeded", error.ErrorCode);
        Assert.Single((await s3.Server.GetJsonAsync("storage/list-files")).EnumerateArray());
        AssertNothingHalfWritten(s3);
    }

    /// <summary>"stored", or the status and S3 error code of the refusal.</summary>
    private static async Task<string> OutcomeAsync(Func<Task> upload)
    {
        try
        {
            await upload();
            return "stored";
        }
        catch (AmazonS3Exception e)
        {
            return $"{(int)e.StatusCode} {e.ErrorCode}";
        }
    }

    /// <summary>No temporary upload file is left, and no multipart folder but those of live uploads.</summary>
    private static void AssertNothingHalfWritten(S3Fixture s3)
    {
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(s3.Server.Server.DataDirectory, "tmp")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(s3.Server.Server.DataDirectory, "multipart"), "receiving-*", SearchOption.AllDirectories));
    }
}
