using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;

namespace Lyceum.Local.Tests.S3;

/// <summary>AWSSDK.S3 against Lyceum Local: every operation, over the same files as /storage/*.</summary>
public sealed partial class AwsSdkTests
{
    [Fact]
    public async Task an_object_put_over_s3_is_listed_and_downloaded_by_the_storage_api_and_back()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();
        var bytes = RandomNumberGenerator.GetBytes(100_000);

        var put = await client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = "data/blob one.bin", InputStream = new MemoryStream(bytes) });

        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData(bytes)) + "\"", put.ETag);
        Assert.Equal(bytes, await s3.Server.Http.GetByteArrayAsync("storage/download/data/blob%20one.bin"));
        var listed = Assert.Single((await s3.Server.GetJsonAsync("storage/list-files")).EnumerateArray());
        Assert.Equal("data/blob one.bin", listed.GetProperty("key").GetString());

        using var form = new MultipartFormDataContent { { new ByteArrayContent("from the api"u8.ToArray()), "file", "api.txt" } };
        Assert.Equal(HttpStatusCode.OK, (await s3.Server.Http.PostAsync("storage/upload?key=from/api.txt", form)).StatusCode);
        using var get = await client.GetObjectAsync(s3.Bucket, "from/api.txt");
        Assert.Equal("from the api", await new StreamReader(get.ResponseStream).ReadToEndAsync());
        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData("from the api"u8)) + "\"", get.ETag);
    }

    [Fact]
    public async Task head_get_delete_and_list_buckets_answer_as_s3()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();
        await client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = "a.txt", ContentBody = "hello" });

        var buckets = await client.ListBucketsAsync();
        Assert.Equal(s3.Bucket, Assert.Single(buckets.Buckets!).BucketName);
        var head = await client.GetObjectMetadataAsync(s3.Bucket, "a.txt");
        Assert.Equal(5, head.ContentLength);
        await client.DeleteObjectAsync(s3.Bucket, "a.txt");

        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.GetObjectAsync(s3.Bucket, "a.txt"));
        Assert.Equal("NoSuchKey", missing.ErrorCode);
        Assert.False(string.IsNullOrEmpty(missing.RequestId));
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectMetadataAsync(s3.Bucket, "a.txt"))).StatusCode);
    }

    [Fact]
    public async Task get_object_serves_ranges_and_honours_conditional_headers()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();
        var put = await client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = "digits.txt", ContentBody = "0123456789" });

        using (var range = await client.GetObjectAsync(new GetObjectRequest { BucketName = s3.Bucket, Key = "digits.txt", ByteRange = new ByteRange(2, 5) }))
        {
            Assert.Equal(HttpStatusCode.PartialContent, range.HttpStatusCode);
            Assert.Equal("2345", await new StreamReader(range.ResponseStream).ReadToEndAsync());
        }
        using (var tail = await client.GetObjectAsync(new GetObjectRequest { BucketName = s3.Bucket, Key = "digits.txt", ByteRange = new ByteRange("bytes=-3") }))
            Assert.Equal("789", await new StreamReader(tail.ResponseStream).ReadToEndAsync());

        var notModified = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectAsync(new GetObjectRequest { BucketName = s3.Bucket, Key = "digits.txt", EtagToNotMatch = put.ETag }));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        var failed = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectAsync(new GetObjectRequest { BucketName = s3.Bucket, Key = "digits.txt", EtagToMatch = "\"0000\"" }));
        Assert.Equal("PreconditionFailed", failed.ErrorCode);
        var later = DateTime.UtcNow.AddHours(1);
        var unchanged = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectAsync(new GetObjectRequest { BucketName = s3.Bucket, Key = "digits.txt", ModifiedSinceDate = later }));
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        var modified = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectAsync(new GetObjectRequest { BucketName = s3.Bucket, Key = "digits.txt", UnmodifiedSinceDate = DateTime.UtcNow.AddHours(-1) }));
        Assert.Equal("PreconditionFailed", modified.ErrorCode);
        using var matched = await client.GetObjectAsync(new GetObjectRequest { BucketName = s3.Bucket, Key = "digits.txt", EtagToMatch = put.ETag, ModifiedSinceDate = DateTime.UtcNow.AddHours(-1) });
        Assert.Equal("0123456789", await new StreamReader(matched.ResponseStream).ReadToEndAsync());
        var beyond = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectAsync(new GetObjectRequest { BucketName = s3.Bucket, Key = "digits.txt", ByteRange = new ByteRange(20, 30) }));
        Assert.Equal("InvalidRange", beyond.ErrorCode);
    }

    [Fact]
    public async Task a_wrong_content_md5_is_refused_and_nothing_is_written()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = s3.Bucket, Key = "checked.txt", ContentBody = "the real body", MD5Digest = Convert.ToBase64String(MD5.HashData("another body"u8)),
        }));

        Assert.Equal("BadDigest", error.ErrorCode);
        Assert.Empty((await s3.Server.GetJsonAsync("storage/list-files")).EnumerateArray());
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = s3.Bucket, Key = "checked.txt", ContentBody = "the real body", MD5Digest = Convert.ToBase64String(MD5.HashData("the real body"u8)),
        });
        Assert.Single((await s3.Server.GetJsonAsync("storage/list-files")).EnumerateArray());
    }

    [Theory]
    [InlineData("a/../b.txt")]
    [InlineData("folder//file.txt")]
    [InlineData("folder/")]
    public async Task a_key_the_storage_api_refuses_gets_s3s_error_and_nothing_is_written(string key)
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = key, ContentBody = "x" }));

        Assert.Equal("InvalidArgument", error.ErrorCode);
        Assert.Empty((await s3.Server.GetJsonAsync("storage/list-files")).EnumerateArray());
        var tooLong = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = new string('k', 1025), ContentBody = "x" }));
        Assert.Equal("KeyTooLongError", tooLong.ErrorCode);
    }

    [Fact]
    public async Task copy_object_and_delete_objects_work_on_the_callers_bucket()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();
        var put = await client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = "src/one.txt", ContentBody = "one" });

        var copy = await client.CopyObjectAsync(s3.Bucket, "src/one.txt", s3.Bucket, "dst/one copy.txt");
        Assert.Equal(put.ETag, copy.ETag);
        using (var copied = await client.GetObjectAsync(s3.Bucket, "dst/one copy.txt"))
            Assert.Equal("one", await new StreamReader(copied.ResponseStream).ReadToEndAsync());

        var deleted = await client.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = s3.Bucket,
            Objects = [new KeyVersion { Key = "src/one.txt" }, new KeyVersion { Key = "dst/one copy.txt" }, new KeyVersion { Key = "never/there.txt" }],
        });
        Assert.Equal(3, deleted.DeletedObjects!.Count);
        Assert.Empty((await s3.Server.GetJsonAsync("storage/list-files")).EnumerateArray());
    }

    [Fact]
    public async Task list_objects_v2_pages_by_max_keys_and_groups_by_delimiter()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();
        foreach (var key in new[] { "a.txt", "b/1.txt", "b/2.txt", "c/d/3.txt", "e.txt", "f.txt" })
            await client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = key, ContentBody = key });

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = s3.Bucket, Delimiter = "/", MaxKeys = 2, ContinuationToken = token });
            seen.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            seen.AddRange(page.CommonPrefixes ?? []);
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
            pages++;
        }
        while (token is not null);
        Assert.Equal(["a.txt", "b/", "c/", "e.txt", "f.txt"], seen.Order(StringComparer.Ordinal));
        Assert.Equal(3, pages);

        var under = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = s3.Bucket, Prefix = "b/" });
        Assert.Equal(["b/1.txt", "b/2.txt"], under.S3Objects!.Select(o => o.Key));
        var after = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = s3.Bucket, StartAfter = "c/d/3.txt" });
        Assert.Equal(["e.txt", "f.txt"], after.S3Objects!.Select(o => o.Key));
        var v1 = await client.ListObjectsAsync(new ListObjectsRequest { BucketName = s3.Bucket, Prefix = "b/", Marker = "b/1.txt" });
        Assert.Equal(["b/2.txt"], v1.S3Objects!.Select(o => o.Key));
    }

    [Fact]
    public async Task s3_requests_are_not_counted_against_the_storage_rate_limit()
    {
        await using var s3 = await S3Fixture.StartAsync(options => options.RateLimits = true);
        using var client = s3.Client();
        var before = await s3.Server.Http.GetAsync("storage/list-files");
        var remaining = int.Parse(before.Headers.GetValues("X-RateLimit-Remaining").First());

        for (var i = 0; i < 5; i++)
            await client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = $"n{i}.txt", ContentBody = "x" });

        var after = await s3.Server.Http.GetAsync("storage/list-files");
        Assert.Equal(remaining - 1, int.Parse(after.Headers.GetValues("X-RateLimit-Remaining").First()));
    }

    [Fact]
    public async Task an_upload_beyond_the_quota_is_refused_and_nothing_is_written()
    {
        await using var s3 = await S3Fixture.StartAsync(options => options.StorageQuotaBytes = 1000);
        using var client = s3.Client();

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = s3.Bucket, Key = "big.bin", InputStream = new MemoryStream(new byte[2000]),
        }));

        Assert.Equal("QuotaExceeded", error.ErrorCode);
        Assert.Empty((await s3.Server.GetJsonAsync("storage/list-files")).EnumerateArray());
    }
}
