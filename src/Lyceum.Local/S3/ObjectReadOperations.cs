using System.Globalization;
using Lyceum.Local.Storage;
using Lyceum.Shared;
using Microsoft.Net.Http.Headers;

namespace Lyceum.Local.S3;

/// <summary>
/// HeadObject and GetObject: one byte range, the four conditional headers evaluated as S3 does, and with
/// <c>x-amz-checksum-mode: ENABLED</c> the object's full-object CRC-64/NVME.
/// </summary>
internal static class ObjectReadOperations
{
    public static async Task GetAsync(HttpContext context, S3Request request, S3Caller caller, S3Services services, bool head)
    {
        var item = await services.Files.StatAsync(caller.AccountId, request.Key, context.RequestAborted) ?? throw S3Errors.NoSuchKey(request.Key);
        var response = context.Response;
        response.Headers.ETag = S3Xml.Quoted(item.Etag);
        response.Headers.LastModified = HeaderUtilities.FormatDate(item.LastModified);
        response.Headers.AcceptRanges = "bytes";
        if (!Preconditions(context.Request, item))
        {
            response.StatusCode = 304;
            return;
        }
        var (offset, length, partial) = Range(context.Request.Headers.Range.ToString(), item.Size);
        response.ContentType = "application/octet-stream";
        response.ContentLength = length;
        response.StatusCode = partial ? 206 : 200;
        if (partial)
            response.Headers.ContentRange = $"bytes {offset}-{offset + length - 1}/{item.Size}";
        // The whole object's checksum, for the whole object only: a range's bytes would not match it (S3 sends none then either).
        if (!partial && item.Crc64Nvme is { } crc
            && string.Equals(context.Request.Headers["x-amz-checksum-mode"].ToString().Trim(), "ENABLED", StringComparison.OrdinalIgnoreCase))
        {
            response.Headers[S3Checksum.Crc64NvmeHeader] = Crc64Nvme.ToBase64(crc);
            response.Headers[S3Checksum.TypeHeader] = S3Checksum.FullObject;
        }
        if (head || length == 0)
            return;
        await response.SendFileAsync(services.Files.PathOf(caller.AccountId, request.Key), offset, length, context.RequestAborted);
    }

    /// <summary>False for "not modified" (304); throws PreconditionFailed (412) for a failed If-Match / If-Unmodified-Since.</summary>
    private static bool Preconditions(HttpRequest request, StoredObject item)
    {
        var headers = request.GetTypedHeaders();
        var etag = new EntityTagHeaderValue(S3Xml.Quoted(item.Etag));
        var modified = TruncateToSeconds(item.LastModified);
        if (headers.IfMatch.Count > 0)
        {
            if (!headers.IfMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false)))
                throw S3Errors.PreconditionFailed("If-Match");
        }
        else if (headers.IfUnmodifiedSince is { } unmodifiedSince && modified > unmodifiedSince)
            throw S3Errors.PreconditionFailed("If-Unmodified-Since");
        if (headers.IfNoneMatch.Count > 0)
            return !headers.IfNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));
        if (headers.IfModifiedSince is { } modifiedSince && modified <= modifiedSince)
            return false;
        return true;
    }

    /// <summary>The one range asked for (<c>bytes=a-b</c>, <c>bytes=a-</c>, <c>bytes=-n</c>), or the whole object; a malformed range is ignored as S3 does.</summary>
    private static (long Offset, long Length, bool Partial) Range(string header, long size)
    {
        if (!IsRange(header))
            return (0, size, false);
        var spec = header["bytes=".Length..].Trim();
        var dash = spec.IndexOf('-');
        var startText = spec[..dash];
        var endText = spec[(dash + 1)..];
        if (startText.Length == 0)
        {
            var suffix = long.Parse(endText, CultureInfo.InvariantCulture);
            if (suffix == 0)
                throw S3Errors.InvalidRange(size);
            return (Math.Max(0, size - suffix), Math.Min(suffix, size), true);
        }
        var start = long.Parse(startText, CultureInfo.InvariantCulture);
        if (start >= size)
            throw S3Errors.InvalidRange(size);
        var end = endText.Length == 0 ? size - 1 : Math.Min(long.Parse(endText, CultureInfo.InvariantCulture), size - 1);
        return end < start ? (0, size, false) : (start, end - start + 1, true);
    }

    private static bool IsRange(string header)
    {
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(','))
            return false;
        var spec = header["bytes=".Length..].Trim();
        var dash = spec.IndexOf('-');
        return dash >= 0 && (dash > 0 || spec.Length > 1)
            && spec[..dash].All(char.IsAsciiDigit) && spec[(dash + 1)..].All(char.IsAsciiDigit)
            && dash <= 18 && spec.Length - dash - 1 <= 18;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, time.Offset);
}
