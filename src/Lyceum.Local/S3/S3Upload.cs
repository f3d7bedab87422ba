using System.Globalization;
using System.Security.Cryptography;

namespace Lyceum.Local.S3;

/// <summary>
/// Receives a request body (object or part) into a temporary file, checking everything the client vouched for:
/// the signed payload hash or chunk signatures, Content-MD5, an x-amz-checksum-* header or trailer, the decoded length,
/// and the quota. Any failure throws before the caller moves the file into place, so nothing half-checked is kept.
/// </summary>
internal static class S3Upload
{
    private const string StreamingSigned = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    private const string StreamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    /// <summary>Size and MD5 (hex) of what was written to <paramref name="path"/>.</summary>
    public static async Task<(long Size, string Md5)> ReceiveAsync(HttpRequest request, S3Caller caller, string path, long allowance, long quota, CancellationToken cancellationToken)
    {
        var payloadHash = caller.PayloadHash;
        var chunked = payloadHash.StartsWith(StreamingSigned, StringComparison.Ordinal) || payloadHash == StreamingUnsignedTrailer;
        var sha256 = !chunked && payloadHash != "UNSIGNED-PAYLOAD" ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        if (sha256 is not null && (payloadHash.Length != 64 || !payloadHash.All(Uri.IsHexDigit)))
            throw S3Errors.InvalidArgument($"x-amz-content-sha256 must be a SHA-256 in hex, UNSIGNED-PAYLOAD, {StreamingSigned}[-TRAILER] or {StreamingUnsignedTrailer}.");
        var expectedMd5 = ExpectedMd5(request);
        var trailerName = request.Headers["x-amz-trailer"].ToString().Trim().ToLowerInvariant();
        var checksumHeader = trailerName.Length > 0 ? trailerName : request.Headers.Keys.Select(k => k.ToLowerInvariant())
            .FirstOrDefault(k => k.StartsWith(S3Checksum.HeaderPrefix, StringComparison.Ordinal) && S3Checksum.For(k) is not null);
        var checksum = checksumHeader is null ? null
            : S3Checksum.For(checksumHeader) ?? throw S3Errors.InvalidArgument($"The trailer '{checksumHeader}' is not a checksum S3 defines (crc32, crc32c, crc64nvme, sha1, sha256).");

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var reader = chunked ? new AwsChunkedReader(request.Body, payloadHash == StreamingUnsignedTrailer ? null : caller.Signing) : null;
        var buffer = new byte[64 * 1024];
        long size = 0;
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, useAsync: true))
        {
            int read;
            while ((read = reader is null ? await request.Body.ReadAsync(buffer, cancellationToken) : await reader.ReadAsync(buffer, cancellationToken)) > 0)
            {
                size += read;
                if (size > allowance)
                    throw S3Errors.QuotaExceeded(quota);
                var data = buffer.AsSpan(0, read);
                md5.AppendData(data);
                sha256?.AppendData(data);
                checksum?.Append(data);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        if (sha256 is not null && !string.Equals(SigV4.Hex(sha256.GetHashAndReset()), payloadHash, StringComparison.OrdinalIgnoreCase))
            throw S3Errors.ContentSha256Mismatch();
        if (chunked && long.TryParse(request.Headers["x-amz-decoded-content-length"], NumberStyles.None, CultureInfo.InvariantCulture, out var decoded) && decoded != size)
            throw S3Errors.IncompleteBody();
        var hash = md5.GetHashAndReset();
        if (expectedMd5 is not null && !hash.AsSpan().SequenceEqual(expectedMd5))
            throw S3Errors.BadDigest("Content-MD5");
        if (checksum is not null)
        {
            var given = trailerName.Length > 0 ? reader?.Trailers.GetValueOrDefault(trailerName) : request.Headers[checksum.Header].ToString();
            if (given is null)
                throw S3Errors.InvalidRequest($"The trailer '{trailerName}' announced in x-amz-trailer was not sent.");
            if (given != checksum.Base64())
                throw S3Errors.BadDigest(checksum.Header);
        }
        return (size, Convert.ToHexStringLower(hash));
    }

    /// <summary>
    /// Receives the body into <paramref name="temp"/>, lets <paramref name="keep"/> move it into place, and answers 200
    /// with the MD5 ETag (PutObject, UploadPart); the temporary file is gone afterwards either way.
    /// </summary>
    public static async Task ReceiveAndKeepAsync(HttpContext context, S3Caller caller, string temp, long allowance, long quota, Func<string, long, string, Task> keep)
    {
        try
        {
            var (size, md5) = await ReceiveAsync(context.Request, caller, temp, allowance, quota, context.RequestAborted);
            await keep(temp, size, md5);
            context.Response.Headers.ETag = S3Xml.Quoted(md5);
            context.Response.StatusCode = 200;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>A small XML request body (DeleteObjects, CompleteMultipartUpload), checked like any other body.</summary>
    public static async Task<System.Xml.Linq.XElement> ReceiveXmlAsync(HttpRequest request, S3Caller caller, string temp, CancellationToken cancellationToken)
    {
        const long limit = 4 * 1024 * 1024;
        try
        {
            await ReceiveAsync(request, caller, temp, limit, limit, cancellationToken);
            await using var stream = File.OpenRead(temp);
            return await S3Xml.ReadAsync(stream, cancellationToken);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static byte[]? ExpectedMd5(HttpRequest request)
    {
        var text = request.Headers["Content-MD5"].ToString();
        if (text.Length == 0)
            return null;
        var bytes = new byte[16];
        return Convert.TryFromBase64String(text, bytes, out var written) && written == 16 ? bytes : throw S3Errors.InvalidDigest();
    }
}
