using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Lyceum.Shared;
using Microsoft.Data.Sqlite;

namespace Lyceum.Local.Tests.S3;

/// <summary>S3's default object checksum, CRC-64/NVME (full object), as AWSSDK.S3 asks for it and reads it.</summary>
public sealed class ChecksumTests : IDisposable
{
    private const int Part = 5 * 1024 * 1024;

    private readonly string _data = Path.Combine(Path.GetTempPath(), "lyceum-local-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task a_data_dir_of_a_version_without_checksums_starts_serves_and_fills_them_in()
    {
        var file = RandomNumberGenerator.GetBytes(20_000);
        var part = RandomNumberGenerator.GetBytes(3000);
        string uploadId, etag;
        await using (var first = await S3Fixture.StartAsync(o => o.DataDirectory = _data))
        {
            using var client = first.Client();
            await client.PutObjectAsync(new PutObjectRequest { BucketName = first.Bucket, Key = "old.bin", InputStream = new MemoryStream(file) });
            uploadId = (await client.InitiateMultipartUploadAsync(first.Bucket, "pending.bin")).UploadId;
            etag = (await client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = first.Bucket, Key = "pending.bin", UploadId = uploadId, PartNumber = 1, InputStream = new MemoryStream(part),
            })).ETag;
        }
        // What an older version left: the tables without the checksum columns.
        await using (var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_data, "lyceum.db"), Pooling = false }.ToString()))
        {
            await db.OpenAsync();
            await using var drop = db.CreateCommand();
            drop.CommandText = "ALTER TABLE objects DROP COLUMN crc64nvme; ALTER TABLE s3_parts DROP COLUMN crc64nvme; ALTER TABLE s3_uploads DROP COLUMN checksum_algorithm;";
            await drop.ExecuteNonQueryAsync();
        }

        await using var second = await S3Fixture.StartAsync(o => o.DataDirectory = _data);
        using var again = second.Client();

        Assert.Equal(file, await second.Server.Http.GetByteArrayAsync("storage/download/old.bin"));
        var head = await HeadWithChecksumAsync(again, second.Bucket, "old.bin");
        Assert.Null(head.ChecksumCRC64NVME); // not known until the file changes and is hashed again
        File.SetLastWriteTimeUtc(Directory.GetFiles(Path.Combine(_data, "storage"), "old.bin", SearchOption.AllDirectories).Single(), DateTime.UtcNow.AddMinutes(-5));
        var rehashed = await HeadWithChecksumAsync(again, second.Bucket, "old.bin");
        Assert.Equal(Crc(file), rehashed.ChecksumCRC64NVME);
        var completed = await again.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = second.Bucket, Key = "pending.bin", UploadId = uploadId, PartETags = [new PartETag(1, etag)],
            ChecksumCRC64NVME = Crc(part),
        });
        Assert.Equal(Crc(part), completed.ChecksumCRC64NVME);
    }

    [Fact]
    public async Task objects_put_over_s3_and_uploaded_by_the_api_head_with_the_crc64nvme_of_their_bytes_when_checksum_mode_is_enabled()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();
        var put = RandomNumberGenerator.GetBytes(70_000);
        var uploaded = RandomNumberGenerator.GetBytes(30_000);
        await client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = "put.bin", InputStream = new MemoryStream(put) });
        using var form = new MultipartFormDataContent { { new ByteArrayContent(uploaded), "file", "api.bin" } };
        Assert.Equal(HttpStatusCode.OK, (await s3.Server.Http.PostAsync("storage/upload?key=api.bin", form)).StatusCode);

        foreach (var (key, bytes) in new[] { ("put.bin", put), ("api.bin", uploaded) })
        {
            var head = await HeadWithChecksumAsync(client, s3.Bucket, key);
            Assert.Equal(Crc(bytes), head.ChecksumCRC64NVME);
            Assert.Equal(ChecksumType.FULL_OBJECT, head.ChecksumType);
            var plain = await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = s3.Bucket, Key = key });
            Assert.Null(plain.ChecksumCRC64NVME);
        }
        await client.CopyObjectAsync(s3.Bucket, "put.bin", s3.Bucket, "copy.bin");
        var copy = await HeadWithChecksumAsync(client, s3.Bucket, "copy.bin");
        Assert.Equal(Crc(put), copy.ChecksumCRC64NVME);
    }

    [Fact]
    public async Task a_put_with_a_crc64nvme_checksum_is_checked_and_echoed()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();
        var bytes = RandomNumberGenerator.GetBytes(10_000);

        var put = await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = s3.Bucket, Key = "sum.bin", InputStream = new MemoryStream(bytes), ChecksumAlgorithm = ChecksumAlgorithm.CRC64NVME,
        });

        Assert.Equal(Crc(bytes), put.ChecksumCRC64NVME);
        var wrong = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = s3.Bucket, Key = "wrong.bin", InputStream = new MemoryStream(bytes), ChecksumCRC64NVME = Crc64Nvme.ToBase64(Crc64Nvme.Hash(bytes) ^ 1),
        }));
        Assert.Equal("BadDigest", wrong.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectMetadataAsync(s3.Bucket, "wrong.bin"))).StatusCode);
    }

    [Fact]
    public async Task a_crc64nvme_multipart_upload_of_parts_without_checksums_completes_with_the_joined_checksum_and_a_wrong_one_changes_nothing()
    {
        await using var s3 = await S3Fixture.StartAsync();
        // Parts go without a checksum of their own (as the Lyceum SDK sends them): the SDK's default CRC-32 trailer is off.
        using var client = S3Fixture.Client(s3.Credentials, configure: c => c.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED);
        var bytes = RandomNumberGenerator.GetBytes(Part + 4321);
        var created = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = s3.Bucket, Key = "joined.bin", ChecksumAlgorithm = ChecksumAlgorithm.CRC64NVME, ChecksumType = ChecksumType.FULL_OBJECT,
        });
        Assert.Equal(ChecksumAlgorithm.CRC64NVME, created.ChecksumAlgorithm);
        Assert.Equal(ChecksumType.FULL_OBJECT, created.ChecksumType);
        var etags = new List<PartETag>();
        for (var number = 1; number <= 2; number++)
        {
            var slice = bytes.AsSpan((number - 1) * Part, Math.Min(Part, bytes.Length - (number - 1) * Part)).ToArray();
            var part = await client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = s3.Bucket, Key = "joined.bin", UploadId = created.UploadId, PartNumber = number, InputStream = new MemoryStream(slice),
            });
            Assert.Null(part.ChecksumCRC64NVME);
            etags.Add(new PartETag(number, part.ETag));
        }
        var expected = Crc(bytes);
        CompleteMultipartUploadRequest Complete(string crc) => new()
        {
            BucketName = s3.Bucket, Key = "joined.bin", UploadId = created.UploadId, PartETags = etags,
            ChecksumCRC64NVME = crc, ChecksumType = ChecksumType.FULL_OBJECT,
        };

        var wrong = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.CompleteMultipartUploadAsync(Complete(Crc64Nvme.ToBase64(Crc64Nvme.Hash(bytes) ^ 1))));

        Assert.Equal("BadDigest", wrong.ErrorCode);
        Assert.Empty((await s3.Server.GetJsonAsync("storage/list-files")).EnumerateArray());
        var listed = await client.ListPartsAsync(s3.Bucket, "joined.bin", created.UploadId);
        Assert.Equal([Crc(bytes[..Part]), Crc(bytes[Part..])], listed.Parts!.Select(p => p.ChecksumCRC64NVME));

        var completed = await client.CompleteMultipartUploadAsync(Complete(expected));

        Assert.Equal(expected, completed.ChecksumCRC64NVME);
        Assert.Equal(ChecksumType.FULL_OBJECT, completed.ChecksumType);
        var head = await HeadWithChecksumAsync(client, s3.Bucket, "joined.bin");
        Assert.Equal(expected, head.ChecksumCRC64NVME);
        Assert.Equal(bytes, await s3.Server.Http.GetByteArrayAsync("storage/download/joined.bin"));
    }

    [Fact]
    public async Task a_part_whose_listed_crc64nvme_is_not_its_own_is_an_invalid_part()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = S3Fixture.Client(s3.Credentials, configure: c => c.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED);
        var created = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = s3.Bucket, Key = "one.bin", ChecksumAlgorithm = ChecksumAlgorithm.CRC64NVME,
        });
        var bytes = RandomNumberGenerator.GetBytes(1000);
        var part = await client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = s3.Bucket, Key = "one.bin", UploadId = created.UploadId, PartNumber = 1, InputStream = new MemoryStream(bytes),
        });

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = s3.Bucket, Key = "one.bin", UploadId = created.UploadId,
            PartETags = [new PartETag { PartNumber = 1, ETag = part.ETag, ChecksumCRC64NVME = Crc64Nvme.ToBase64(Crc64Nvme.Hash(bytes) ^ 2) }],
        }));

        Assert.Equal("InvalidPart", error.ErrorCode);
        var completed = await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = s3.Bucket, Key = "one.bin", UploadId = created.UploadId,
            PartETags = [new PartETag { PartNumber = 1, ETag = part.ETag, ChecksumCRC64NVME = Crc(bytes) }],
        });
        Assert.Equal(Crc(bytes), completed.ChecksumCRC64NVME);
    }

    [Fact]
    public async Task crc64nvme_with_the_composite_checksum_type_is_refused_as_s3_refuses_it()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = s3.Bucket, Key = "c.bin", ChecksumAlgorithm = ChecksumAlgorithm.CRC64NVME, ChecksumType = ChecksumType.COMPOSITE,
        }));

        Assert.Equal("InvalidRequest", error.ErrorCode);
        Assert.Null((await client.ListMultipartUploadsAsync(s3.Bucket)).MultipartUploads);
    }

    [Fact]
    public async Task a_whole_get_carries_the_checksum_and_a_ranged_get_does_not()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();
        var bytes = RandomNumberGenerator.GetBytes(50_000);
        await client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = "r.bin", InputStream = new MemoryStream(bytes) });

        using (var whole = await client.GetObjectAsync(new GetObjectRequest { BucketName = s3.Bucket, Key = "r.bin", ChecksumMode = ChecksumMode.ENABLED }))
        {
            Assert.Equal(Crc(bytes), whole.ChecksumCRC64NVME);
            using var read = new MemoryStream();
            await whole.ResponseStream.CopyToAsync(read); // the SDK checks the bytes against the checksum as they are read
            Assert.Equal(bytes, read.ToArray());
        }
        using var range = await client.GetObjectAsync(new GetObjectRequest
        {
            BucketName = s3.Bucket, Key = "r.bin", ChecksumMode = ChecksumMode.ENABLED, ByteRange = new ByteRange(100, 199),
        });

        Assert.Equal(HttpStatusCode.PartialContent, range.HttpStatusCode);
        Assert.Null(range.ChecksumCRC64NVME);
        Assert.Null(range.ChecksumType);
    }

    /// <summary>CRC-64/NVME as S3 writes it.</summary>
    private static string Crc(byte[] bytes) => Crc64Nvme.ToBase64(Crc64Nvme.Hash(bytes));

    private static Task<GetObjectMetadataResponse> HeadWithChecksumAsync(AmazonS3Client client, string bucket, string key) =>
        client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key, ChecksumMode = ChecksumMode.ENABLED });

    public void Dispose()
    {
        if (Directory.Exists(_data))
            Directory.Delete(_data, recursive: true);
    }
}
