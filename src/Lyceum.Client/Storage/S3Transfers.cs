using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Lyceum.Shared;

namespace Lyceum.Client.Storage;

/// <summary>
/// Large uploads and downloads straight to the bucket over S3 (AWSSDK.S3), parts in parallel, when the service hands
/// out storage credentials; null answers tell the caller to use <c>/storage/*</c> instead. The same checks as there:
/// sizes always, MD5s (per part and the multipart ETag) when checksums are on; downloads go to the caller's file.
/// </summary>
internal sealed class S3Transfers(Func<CancellationToken, Task<StorageCredentials>> fetchCredentials, TimeProvider time, long? threshold, int concurrency, bool verifyChecksums)
    : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (AmazonS3Client Client, string Bucket)? _s3;
    private bool _unavailable;

    /// <summary>The part size for an object of that length: 8 MiB, larger when 10,000 parts would not hold it.</summary>
    public static long PartSize(long length) => Math.Max(8 * MiB, (length / 10_000 / MiB + 1) * MiB);

    public async Task<StorageObject?> TryUploadAsync(string localPath, string key, ProgressReporter reporter, CancellationToken cancellationToken)
    {
        var length = new FileInfo(localPath).Length;
        if (threshold is not { } limit || length < limit || await ConnectAsync(cancellationToken).ConfigureAwait(false) is not var (client, bucket))
            return null;
        var partSize = PartSize(length);
        var count = (int)((length + partSize - 1) / partSize);
        // Asking for S3's full-object CRC-64/NVME: a service that keeps one says so, and the parts are checked by it
        // (ten times cheaper than MD5); any other is checked by MD5 against its ETags.
        var started = await StartAsync(client, bucket, key, verifyChecksums, cancellationToken).ConfigureAwait(false);
        var check = !verifyChecksums ? TransferCheck.None
            : started.ChecksumAlgorithm == ChecksumAlgorithm.CRC64NVME ? TransferCheck.Crc64Nvme
            : TransferCheck.Md5;
        lock (reporter)
            reporter.BeginParts(count);
        try
        {
            var etags = new string[count];
            var hashes = new PartHash[count];
            using var file = File.OpenHandle(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (index, token) =>
                {
                    var offset = index * partSize;
                    using var part = new FilePartStream(file, offset, Math.Min(partSize, length - offset), n => Advance(reporter, n), check);
                    var uploaded = await Call(() => client.UploadPartAsync(new UploadPartRequest
                    {
                        BucketName = bucket, Key = key, UploadId = started.UploadId, PartNumber = index + 1, InputStream = part,
                        // The SDK sends the part's CRC as a signed trailer: the service checks each part as it lands (and
                        // services that want every part of such an upload to carry one are satisfied).
                        ChecksumAlgorithm = check == TransferCheck.Crc64Nvme ? ChecksumAlgorithm.CRC64NVME : null,
                    }, token), key).ConfigureAwait(false);
                    etags[index] = uploaded.ETag;
                    hashes[index] = part.Hash ?? throw new InvalidDataException(
                        $"The upload of part {index + 1} of '{key}' did not read the part once from start to end; nothing was kept — try again.");
                    lock (reporter)
                        reporter.PartDone();
                    if (check == TransferCheck.Md5)
                        TransferChecks.VerifyMd5($"upload of part {index + 1}", key, hashes[index].Md5, TransferChecks.NormalizeETag(uploaded.ETag));
                    else if (check == TransferCheck.Crc64Nvme && Crc64Nvme.FromBase64(uploaded.ChecksumCRC64NVME) is { } landed && landed != hashes[index].Crc64)
                        throw StoredCopyCorrupt(key, $"part {index + 1} landed with the CRC-64/NVME {Crc64Nvme.ToBase64(landed)}, not that of the file read", null);
                }).ConfigureAwait(false);
            var crc = check == TransferCheck.Crc64Nvme ? JoinCrcs(hashes, partSize, length) : (ulong?)null;
            CompleteMultipartUploadResponse completed;
            try
            {
                completed = await Call(() => client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                {
                    BucketName = bucket, Key = key, UploadId = started.UploadId,
                    PartETags = etags.Select((etag, i) => new PartETag(i + 1, etag)
                    {
                        ChecksumCRC64NVME = crc is null ? null : Crc64Nvme.ToBase64(hashes[i].Crc64!.Value),
                    }).ToList(),
                    // The service refuses to make the object (BadDigest) unless what it stored has the CRC of what was read.
                    ChecksumCRC64NVME = crc is { } sent ? Crc64Nvme.ToBase64(sent) : null,
                    ChecksumType = crc is null ? null : ChecksumType.FULL_OBJECT,
                }, cancellationToken), key).ConfigureAwait(false);
            }
            catch (LyceumApiException e) when (e.ErrorType == "BadDigest")
            {
                throw StoredCopyCorrupt(key, "its CRC-64/NVME is not that of the file read", e);
            }
            reporter.Complete();
            var etag = TransferChecks.NormalizeETag(completed.ETag);
            if (check == TransferCheck.Md5)
                VerifyMultipart("stored copy", key, hashes.Select(h => h.Md5!).ToArray(), etag);
            if (crc is { } expected && Crc64Nvme.FromBase64(completed.ChecksumCRC64NVME) is { } stored && stored != expected)
                throw StoredCopyCorrupt(key, $"its CRC-64/NVME is {Crc64Nvme.ToBase64(stored)} but the file's is {Crc64Nvme.ToBase64(expected)}", null);
            return new StorageObject(key, length, null, etag);
        }
        catch
        {
            await AbortQuietlyAsync(client, bucket, key, started.UploadId).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Downloads into <paramref name="temporaryPath"/> by parallel ranges; null when S3 is not available or the object is small.</summary>
    public async Task<StorageObject?> TryDownloadAsync(string key, string temporaryPath, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        if (threshold is not { } limit || await ConnectAsync(cancellationToken).ConfigureAwait(false) is not var (client, bucket))
            return null;
        GetObjectMetadataResponse head;
        try
        {
            head = await client.GetObjectMetadataAsync(new GetObjectMetadataRequest
            {
                BucketName = bucket, Key = key, ChecksumMode = verifyChecksums ? ChecksumMode.ENABLED : null,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception)
        {
            return null; // /storage/download answers with the service's own words (a 404 names the key).
        }
        var length = head.ContentLength;
        if (length < limit)
            return null;
        var etag = TransferChecks.NormalizeETag(head.ETag);
        // The object's CRC-64/NVME when the service keeps one (S3 does): ranges of any size join into it. Otherwise MD5s,
        // which check only a single-part ETag or one made of parts of exactly these sizes.
        var wholeCrc = verifyChecksums && head.ChecksumType == ChecksumType.FULL_OBJECT ? Crc64Nvme.FromBase64(head.ChecksumCRC64NVME) : null;
        var check = !verifyChecksums ? TransferCheck.None : wholeCrc is null ? TransferCheck.Md5 : TransferCheck.Crc64Nvme;
        var reporter = new ProgressReporter(progress, length);
        var partSize = PartSize(length);
        var count = (int)((length + partSize - 1) / partSize);
        var hashes = new PartHash[count];
        long total = 0;
        reporter.BeginParts(count);
        using (var file = File.OpenHandle(temporaryPath, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.Asynchronous, length))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (index, token) =>
                {
                    var offset = index * partSize;
                    var size = Math.Min(partSize, length - offset);
                    using var response = await Call(() => client.GetObjectAsync(new GetObjectRequest
                    {
                        BucketName = bucket, Key = key, ByteRange = new ByteRange(offset, offset + size - 1), EtagToMatch = head.ETag,
                    }, token), key).ConfigureAwait(false);
                    // Disposed with the range; what Finish computed stays readable for the checks below.
                    using var hash = hashes[index] = new PartHash(check);
                    var buffer = new byte[256 * 1024];
                    long done = 0;
                    int read;
                    while ((read = await response.ResponseStream.ReadAsync(buffer, token).ConfigureAwait(false)) > 0)
                    {
                        if (done + read > size)
                            throw new InvalidDataException($"The download of '{key}' got more bytes than asked for; nothing was kept — try again.");
                        await RandomAccess.WriteAsync(file, buffer.AsMemory(0, read), offset + done, token).ConfigureAwait(false);
                        hash.Append(buffer.AsSpan(0, read));
                        done += read;
                        Advance(reporter, read);
                    }
                    TransferChecks.VerifySize($"download of bytes {offset}–{offset + size - 1}", key, done, size);
                    hash.Finish();
                    Interlocked.Add(ref total, done);
                    lock (reporter)
                        reporter.PartDone();
                }).ConfigureAwait(false);
        }
        reporter.Complete();
        TransferChecks.VerifySize("download", key, total, length);
        if (wholeCrc is { } expected)
        {
            var crc = JoinCrcs(hashes, partSize, length);
            if (crc != expected)
                throw new InvalidDataException(
                    $"The download of '{key}' is corrupt: its CRC-64/NVME is {Crc64Nvme.ToBase64(crc)} but the service's is {Crc64Nvme.ToBase64(expected)}; nothing was kept — try again.");
        }
        else if (check == TransferCheck.Md5)
        {
            if (TransferChecks.IsMd5(etag))
            {
                await using var copy = File.OpenRead(temporaryPath);
                TransferChecks.VerifyMd5("download", key, await MD5.HashDataAsync(copy, cancellationToken).ConfigureAwait(false), etag);
            }
            else
                VerifyMultipart("download", key, hashes.Select(h => h.Md5!).ToArray(), etag);
        }
        return new StorageObject(key, length, head.LastModified is { } modified ? new DateTimeOffset(modified) : null, etag);
    }

    public void Dispose()
    {
        _s3?.Client.Dispose();
        _gate.Dispose();
    }

    /// <summary>The S3 client, made from the first credentials; null (remembered) when the service does not hand any out.</summary>
    private async Task<(AmazonS3Client Client, string Bucket)?> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_s3 is not null || _unavailable)
            return _s3;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_s3 is not null || _unavailable)
                return _s3;
            StorageCredentials first;
            try
            {
                first = await fetchCredentials(cancellationToken).ConfigureAwait(false);
            }
            catch (LyceumApiException)
            {
                _unavailable = true;
                return null;
            }
            if (string.IsNullOrEmpty(first.Endpoint) || string.IsNullOrEmpty(first.BucketName))
            {
                _unavailable = true;
                return null;
            }
            var client = new AmazonS3Client(new LyceumS3Credentials(first, fetchCredentials, time), new AmazonS3Config
            {
                ServiceURL = first.Endpoint,
                ForcePathStyle = true,
                AuthenticationRegion = first.Region ?? "us-east-1",
                // Our own MD5 checks cover every part and the whole object; the SDK's default CRC-32 trailer would hash
                // every byte once more for nothing the service asks for (it cost a fifth of the upload speed).
                RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED,
            });
            _s3 = (client, first.BucketName);
            return _s3;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void Advance(ProgressReporter reporter, long bytes)
    {
        lock (reporter)
            reporter.Advance(bytes);
    }

    /// <summary>
    /// CreateMultipartUpload, asking for a CRC-64/NVME full-object checksum when checks are on; a service that refuses the
    /// request for it (one that does not know the checksum answers 400 or 501) is asked again without, and checked by MD5.
    /// </summary>
    private static async Task<InitiateMultipartUploadResponse> StartAsync(AmazonS3Client client, string bucket, string key, bool withChecksum, CancellationToken cancellationToken)
    {
        InitiateMultipartUploadRequest Request(bool checksum) => new()
        {
            BucketName = bucket, Key = key,
            ChecksumAlgorithm = checksum ? ChecksumAlgorithm.CRC64NVME : null,
            ChecksumType = checksum ? ChecksumType.FULL_OBJECT : null,
        };
        if (withChecksum)
        {
            try
            {
                return await Call(() => client.InitiateMultipartUploadAsync(Request(true), cancellationToken), key).ConfigureAwait(false);
            }
            catch (LyceumApiException e) when (e.StatusCode is 400 or 501)
            {
            }
        }
        return await Call(() => client.InitiateMultipartUploadAsync(Request(false), cancellationToken), key).ConfigureAwait(false);
    }

    /// <summary>The CRC-64/NVME of the whole file from those of its parts (all <paramref name="partSize"/> long but the last).</summary>
    private static ulong JoinCrcs(PartHash[] parts, long partSize, long length)
    {
        var crc = parts[0].Crc64!.Value;
        for (var i = 1; i < parts.Length; i++)
            crc = Crc64Nvme.Combine(crc, parts[i].Crc64!.Value, Math.Min(partSize, length - i * partSize));
        return crc;
    }

    private static InvalidDataException StoredCopyCorrupt(string key, string why, Exception? inner) =>
        new($"The stored copy of '{key}' is corrupt: {why}; nothing was kept — try again.", inner);

    /// <summary>S3's multipart ETag (MD5 of the parts' MD5s, a dash, the count), checked when it is one of that shape and count.</summary>
    private static void VerifyMultipart(string what, string key, byte[][] md5s, string? etag)
    {
        if (etag is null || !etag.EndsWith("-" + md5s.Length, StringComparison.Ordinal))
            return;
        var expected = Convert.ToHexStringLower(MD5.HashData(md5s.SelectMany(m => m).ToArray())) + "-" + md5s.Length;
        if (!string.Equals(expected, etag, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"The {what} of '{key}' is corrupt: its multipart ETag is {expected} but the service's is {etag}; nothing was kept — try again.");
    }

    private static async Task AbortQuietlyAsync(AmazonS3Client client, string bucket, string key, string uploadId)
    {
        try
        {
            await client.AbortMultipartUploadAsync(bucket, key, uploadId).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonS3Exception or HttpRequestException or OperationCanceledException)
        {
            // The parts stay until the bucket's cleanup; the object itself was never made visible.
        }
    }

    /// <summary>An S3 call whose refusal becomes a <see cref="LyceumApiException"/> with S3's code and message, and
    /// whose transport failure a <see cref="LyceumTransportException"/>.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call, string key)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonS3Exception e)
        {
            throw new LyceumApiException((int)e.StatusCode, e.ErrorCode, $"S3 refused the transfer of '{key}': {e.Message}", innerException: e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException)
        {
            // The caller sees the SDK's exception family, whatever the AWS SDK's transport threw.
            throw Http.TransportFailures.Wrap(e, null);
        }
    }
}
