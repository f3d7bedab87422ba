using System.Globalization;
using System.Security.Cryptography;
using Lyceum.Local.Storage;
using Lyceum.Shared;

namespace Lyceum.Local.S3;

/// <summary>
/// Receives a request body (object or part) into a file the caller has not made visible yet, checking everything the
/// client vouched for: the signed payload hash or chunk signatures, Content-MD5, an x-amz-checksum-* header or trailer,
/// the decoded length, and the room the caller admits (the quota). Any failure throws before the caller moves the bytes
/// into place, so nothing half-checked is kept.
/// </summary>
internal static class S3Upload
{
    private const string StreamingSigned = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    private const string StreamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    /// <summary>
    /// Size, MD5 (hex), CRC-64/NVME and the client's checksum of what was written to <paramref name="target"/>.
    /// <paramref name="admit"/> is asked about the declared length before anything is read and about the running total as
    /// bytes arrive; it throws to refuse. With <paramref name="checksumHeadersDescribeBody"/> false, x-amz-checksum-*
    /// headers are left alone (on CompleteMultipartUpload they are the object's, not the XML body's); trailers are always the body's.
    /// </summary>
    public static async Task<ReceivedBody> ReceiveAsync(HttpRequest request, S3Caller caller, Stream target, Func<long, ValueTask> admit,
        bool checksumHeadersDescribeBody, CancellationToken cancellationToken)
    {
        var payloadHash = caller.PayloadHash;
        var chunked = IsChunked(payloadHash);
        var sha256 = !chunked && payloadHash != "UNSIGNED-PAYLOAD" ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        if (sha256 is not null && (payloadHash.Length != 64 || !payloadHash.All(Uri.IsHexDigit)))
            throw S3Errors.InvalidArgument($"x-amz-content-sha256 must be a SHA-256 in hex, UNSIGNED-PAYLOAD, {StreamingSigned}[-TRAILER] or {StreamingUnsignedTrailer}.");
        var expectedMd5 = ExpectedMd5(request);
        var trailerName = request.Headers["x-amz-trailer"].ToString().Trim().ToLowerInvariant();
        var checksumHeader = trailerName.Length > 0 ? trailerName : !checksumHeadersDescribeBody ? null : request.Headers.Keys.Select(k => k.ToLowerInvariant())
            .FirstOrDefault(k => k.StartsWith(S3Checksum.HeaderPrefix, StringComparison.Ordinal) && S3Checksum.For(k) is not null);
        var checksum = checksumHeader is null ? null
            : S3Checksum.For(checksumHeader) ?? throw S3Errors.InvalidArgument($"The trailer '{checksumHeader}' is not a checksum S3 defines (crc32, crc32c, crc64nvme, sha1, sha256).");
        // Every body gets its CRC-64/NVME (the object's checksum); a client's crc64nvme is checked against that one, not computed twice.
        var checksumIsCrc64 = checksum?.Header == S3Checksum.Crc64NvmeHeader;

        if (DeclaredLength(request, chunked) is { } declared)
            await admit(declared); // refused before a byte is read: the client learns at once (and with 100-continue, sends nothing)
        using var digest = new ObjectDigest();
        var reader = chunked ? new AwsChunkedReader(request.Body, payloadHash == StreamingUnsignedTrailer ? null : caller.Signing) : null;
        var buffer = new byte[64 * 1024];
        long size = 0;
        int read;
        while ((read = reader is null ? await request.Body.ReadAsync(buffer, cancellationToken) : await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            size += read;
            await admit(size);
            var data = buffer.AsSpan(0, read);
            digest.Append(data);
            sha256?.AppendData(data);
            if (!checksumIsCrc64)
                checksum?.Append(data);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        await target.FlushAsync(cancellationToken);

        if (sha256 is not null && !string.Equals(SigV4.Hex(sha256.GetHashAndReset()), payloadHash, StringComparison.OrdinalIgnoreCase))
            throw S3Errors.ContentSha256Mismatch();
        if (chunked && DeclaredLength(request, chunked) is { } decoded && decoded != size)
            throw S3Errors.IncompleteBody();
        if (expectedMd5 is not null && !digest.Md5().AsSpan().SequenceEqual(expectedMd5))
            throw S3Errors.BadDigest("Content-MD5");
        string? given = null;
        if (checksum is not null)
        {
            given = trailerName.Length > 0 ? reader?.Trailers.GetValueOrDefault(trailerName) : request.Headers[checksum.Header].ToString();
            if (given is null)
                throw S3Errors.InvalidRequest($"The trailer '{trailerName}' announced in x-amz-trailer was not sent.");
            if (given != (checksumIsCrc64 ? Crc64Nvme.ToBase64(digest.Crc64Nvme()) : checksum.Base64()))
                throw S3Errors.BadDigest(checksum.Header);
        }
        return new ReceivedBody(size, digest.Md5Hex(), digest.Crc64Nvme(), checksum?.Header, given);
    }

    /// <summary>
    /// The admission of an upload that adds to the account's storage: the quota (claimed through
    /// <paramref name="reservation"/> as bytes arrive) and, for a part written in place, at most <paramref name="limit"/> bytes.
    /// </summary>
    public static Func<long, ValueTask> Within(QuotaReservation reservation, long quota, long? limit, CancellationToken cancellationToken) => async total =>
    {
        if (total > limit)
            throw S3Errors.IncompleteBody();
        if (!await reservation.TryCoverAsync(total, cancellationToken))
            throw S3Errors.QuotaExceeded(quota);
    };

    /// <summary>The body's length as the request declares it (the decoded length of an aws-chunked body), when it does.</summary>
    public static long? DeclaredLength(HttpRequest request, S3Caller caller) => DeclaredLength(request, IsChunked(caller.PayloadHash));

    private static bool IsChunked(string payloadHash) =>
        payloadHash.StartsWith(StreamingSigned, StringComparison.Ordinal) || payloadHash == StreamingUnsignedTrailer;

    private static long? DeclaredLength(HttpRequest request, bool chunked) =>
        !chunked ? request.ContentLength
        : long.TryParse(request.Headers["x-amz-decoded-content-length"], NumberStyles.None, CultureInfo.InvariantCulture, out var decoded) ? decoded
        : null;

    /// <summary>The answer to PutObject and UploadPart: 200 with the MD5 ETag, and the checksum the client sent echoed as S3 does.</summary>
    public static void AnswerEtag(HttpContext context, ReceivedBody body)
    {
        context.Response.Headers.ETag = S3Xml.Quoted(body.Md5);
        if (body.ChecksumHeader is not null)
            context.Response.Headers[body.ChecksumHeader] = body.Checksum;
        context.Response.StatusCode = 200;
    }

    /// <summary>
    /// A small XML request body (DeleteObjects, CompleteMultipartUpload), checked like any other body;
    /// <paramref name="checksumHeadersDescribeBody"/> as for <see cref="ReceiveAsync"/>.
    /// </summary>
    public static async Task<System.Xml.Linq.XElement> ReceiveXmlAsync(HttpRequest request, S3Caller caller, bool checksumHeadersDescribeBody,
        CancellationToken cancellationToken)
    {
        const long limit = 4 * 1024 * 1024;
        using var body = new MemoryStream();
        await ReceiveAsync(request, caller, body, total => total > limit ? throw S3Errors.MalformedXml("the body is larger than 4 MiB") : ValueTask.CompletedTask,
            checksumHeadersDescribeBody, cancellationToken);
        body.Position = 0;
        return await S3Xml.ReadAsync(body, cancellationToken);
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
