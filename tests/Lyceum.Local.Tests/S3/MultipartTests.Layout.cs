using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace Lyceum.Local.Tests.S3;

/// <summary>
/// Parts go straight into the upload's data file when they fit its layout, and completing is then a rename: whatever
/// order parts arrive in, however often one is sent again, the object is the chosen parts in number order.
/// </summary>
public sealed partial class MultipartTests
{
    [Fact]
    public async Task parts_sent_out_of_order_make_the_object_in_number_order()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();
        var (a, b, c) = (RandomNumberGenerator.GetBytes(Part), RandomNumberGenerator.GetBytes(Part), RandomNumberGenerator.GetBytes(777));
        var created = await client.InitiateMultipartUploadAsync(s3.Bucket, "ordered.bin");

        var second = await UploadPartAsync(client, s3.Bucket, "ordered.bin", created.UploadId, 2, b);
        var third = await UploadPartAsync(client, s3.Bucket, "ordered.bin", created.UploadId, 3, c);
        var first = await UploadPartAsync(client, s3.Bucket, "ordered.bin", created.UploadId, 1, a);
        var completed = await CompleteAsync(client, s3.Bucket, "ordered.bin", created.UploadId, (1, first), (2, second), (3, third));

        byte[] expected = [.. a, .. b, .. c];
        Assert.Equal(ExpectedEtag(expected, Part), completed.ETag);
        Assert.Equal(expected, await s3.Server.Http.GetByteArrayAsync("storage/download/ordered.bin"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(s3.Server.Server.DataDirectory, "multipart")));
    }

    [Fact]
    public async Task a_part_sent_again_replaces_the_first_only_once_it_checks_out()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();
        var (a, b, c) = (RandomNumberGenerator.GetBytes(Part), RandomNumberGenerator.GetBytes(1000), RandomNumberGenerator.GetBytes(Part));

        var kept = await client.InitiateMultipartUploadAsync(s3.Bucket, "kept.bin");
        var keptFirst = await UploadPartAsync(client, s3.Bucket, "kept.bin", kept.UploadId, 1, a);
        var keptSecond = await UploadPartAsync(client, s3.Bucket, "kept.bin", kept.UploadId, 2, b);
        var corrupt = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = s3.Bucket, Key = "kept.bin", UploadId = kept.UploadId, PartNumber = 1, InputStream = new MemoryStream(c),
            MD5Digest = Convert.ToBase64String(MD5.HashData(a)),
        }));
        Assert.Equal("BadDigest", corrupt.ErrorCode);
        await CompleteAsync(client, s3.Bucket, "kept.bin", kept.UploadId, (1, keptFirst), (2, keptSecond));

        var replaced = await client.InitiateMultipartUploadAsync(s3.Bucket, "replaced.bin");
        await UploadPartAsync(client, s3.Bucket, "replaced.bin", replaced.UploadId, 1, a);
        var replacedSecond = await UploadPartAsync(client, s3.Bucket, "replaced.bin", replaced.UploadId, 2, b);
        var replacedFirst = await UploadPartAsync(client, s3.Bucket, "replaced.bin", replaced.UploadId, 1, c);
        await CompleteAsync(client, s3.Bucket, "replaced.bin", replaced.UploadId, (1, replacedFirst), (2, replacedSecond));

        Assert.Equal((byte[])[.. a, .. b], await s3.Server.Http.GetByteArrayAsync("storage/download/kept.bin"));
        Assert.Equal((byte[])[.. c, .. b], await s3.Server.Http.GetByteArrayAsync("storage/download/replaced.bin"));
    }

    [Fact]
    public async Task completing_with_some_of_the_parts_or_parts_of_other_sizes_joins_exactly_those()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();
        var (a, b, c) = (RandomNumberGenerator.GetBytes(Part), RandomNumberGenerator.GetBytes(Part), RandomNumberGenerator.GetBytes(4321));
        var big = RandomNumberGenerator.GetBytes(Part + 1234);

        var subset = await client.InitiateMultipartUploadAsync(s3.Bucket, "subset.bin");
        var first = await UploadPartAsync(client, s3.Bucket, "subset.bin", subset.UploadId, 1, a);
        await UploadPartAsync(client, s3.Bucket, "subset.bin", subset.UploadId, 2, b);
        var third = await UploadPartAsync(client, s3.Bucket, "subset.bin", subset.UploadId, 3, c);
        await CompleteAsync(client, s3.Bucket, "subset.bin", subset.UploadId, (1, first), (3, third));

        var uneven = await client.InitiateMultipartUploadAsync(s3.Bucket, "uneven.bin");
        var small = await UploadPartAsync(client, s3.Bucket, "uneven.bin", uneven.UploadId, 1, a);
        var large = await UploadPartAsync(client, s3.Bucket, "uneven.bin", uneven.UploadId, 2, big);
        var last = await UploadPartAsync(client, s3.Bucket, "uneven.bin", uneven.UploadId, 3, c);
        await CompleteAsync(client, s3.Bucket, "uneven.bin", uneven.UploadId, (1, small), (2, large), (3, last));

        Assert.Equal((byte[])[.. a, .. c], await s3.Server.Http.GetByteArrayAsync("storage/download/subset.bin"));
        Assert.Equal((byte[])[.. a, .. big, .. c], await s3.Server.Http.GetByteArrayAsync("storage/download/uneven.bin"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(s3.Server.Server.DataDirectory, "multipart")));
    }
}
