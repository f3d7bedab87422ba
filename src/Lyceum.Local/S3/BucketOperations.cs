using System.Globalization;
using System.Text;
using System.Xml.Linq;
using static Lyceum.Local.S3.S3Xml;

namespace Lyceum.Local.S3;

/// <summary>ListBuckets (the caller's one bucket), HeadBucket, GetBucketLocation, ListObjects (v1 and v2).</summary>
internal static class BucketOperations
{
    private const int MaxKeys = 1000;

    public static async Task ListBucketsAsync(HttpContext context, S3Caller caller, S3Services services)
    {
        var account = await services.Accounts.FindAsync(caller.AccountId, context.RequestAborted);
        await WriteAsync(context.Response, E("ListAllMyBucketsResult",
            E("Owner", E("ID", caller.AccountId), E("DisplayName", account?.Email)),
            E("Buckets", E("Bucket", E("Name", caller.Bucket), E("CreationDate", Time(account?.CreatedAt ?? DateTimeOffset.UnixEpoch))))));
    }

    public static Task HeadBucket(HttpContext context)
    {
        context.Response.Headers["x-amz-bucket-region"] = S3Endpoint.Region;
        context.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    /// <summary>us-east-1 is the empty LocationConstraint, as S3 answers it.</summary>
    public static Task LocationAsync(HttpContext context) => WriteAsync(context.Response, E("LocationConstraint"));

    /// <summary>ListObjectsV2 (list-type=2) and the older ListObjects: prefix, delimiter, max-keys, continuation or marker, start-after.</summary>
    public static async Task ListObjectsAsync(HttpContext context, S3Request request, S3Caller caller, S3Services services)
    {
        var v2 = request["list-type"] == "2";
        var prefix = request["prefix"] ?? "";
        var delimiter = request["delimiter"] ?? "";
        var urlEncoded = request["encoding-type"] == "url";
        var maxKeys = MaxKeys;
        if (request["max-keys"] is { } maxText && (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out maxKeys) || maxKeys < 0))
            throw S3Errors.InvalidArgument("max-keys must be a whole number ≥ 0.");
        maxKeys = Math.Min(maxKeys, MaxKeys);
        var continuation = request["continuation-token"];
        string after;
        if (v2 && continuation is not null)
            after = DecodeToken(continuation);
        else
            after = (v2 ? request["start-after"] : request["marker"]) ?? "";

        var objects = await services.Files.ListAsync(caller.AccountId, prefix, int.MaxValue, context.RequestAborted);
        var contents = new List<XElement>();
        var prefixes = new List<string>();
        string? last = null;
        var truncated = false;
        foreach (var item in objects)
        {
            if (string.CompareOrdinal(item.Key, after) <= 0 || (after.Length > 0 && delimiter.Length > 0 && after.EndsWith(delimiter, StringComparison.Ordinal) && item.Key.StartsWith(after, StringComparison.Ordinal)))
                continue;
            var cut = delimiter.Length == 0 ? -1 : item.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
            var common = cut < 0 ? null : item.Key[..(cut + delimiter.Length)];
            if (common is not null && prefixes.Count > 0 && prefixes[^1] == common)
                continue;
            if (contents.Count + prefixes.Count >= maxKeys)
            {
                truncated = true;
                break;
            }
            if (common is not null)
            {
                prefixes.Add(common);
                last = common;
            }
            else
            {
                contents.Add(E("Contents", E("Key", Encode(item.Key, urlEncoded)), E("LastModified", Time(item.LastModified)),
                    E("ETag", Quoted(item.Etag)), E("Size", item.Size), E("StorageClass", "STANDARD")));
                last = item.Key;
            }
        }

        var root = E("ListBucketResult", E("Name", caller.Bucket), E("Prefix", Encode(prefix, urlEncoded)));
        if (v2)
        {
            root.Add(E("KeyCount", contents.Count + prefixes.Count));
            if (continuation is not null)
                root.Add(E("ContinuationToken", continuation));
            if (truncated && last is not null)
                root.Add(E("NextContinuationToken", EncodeToken(last)));
            if (request["start-after"] is { } startAfter)
                root.Add(E("StartAfter", Encode(startAfter, urlEncoded)));
        }
        else
        {
            root.Add(E("Marker", Encode(after, urlEncoded)));
            if (truncated && delimiter.Length > 0 && last is not null)
                root.Add(E("NextMarker", Encode(last, urlEncoded)));
        }
        root.Add(E("MaxKeys", maxKeys), E("IsTruncated", truncated ? "true" : "false"));
        if (delimiter.Length > 0)
            root.Add(E("Delimiter", Encode(delimiter, urlEncoded)));
        if (urlEncoded)
            root.Add(E("EncodingType", "url"));
        root.Add(contents);
        root.Add(prefixes.Select(p => E("CommonPrefixes", E("Prefix", Encode(p, urlEncoded)))));
        await WriteAsync(context.Response, root);
    }

    private static string Encode(string text, bool url) => url ? string.Join('/', text.Split('/').Select(SigV4.UriEncode)) : text;

    private static string EncodeToken(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key));

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw S3Errors.InvalidArgument("The continuation token provided is incorrect; pass NextContinuationToken as it came.");
        }
    }
}
