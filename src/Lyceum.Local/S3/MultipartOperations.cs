using System.Globalization;
using System.Security.Cryptography;
using static Lyceum.Local.S3.S3Xml;

namespace Lyceum.Local.S3;

/// <summary>CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload, ListParts, ListMultipartUploads.</summary>
internal static class MultipartOperations
{
    private const int MaxParts = 10_000;
    private const long MinPartSize = 5L * 1024 * 1024;

    public static async Task CreateAsync(HttpContext context, S3Request request, S3Caller caller, S3Services services)
    {
        var upload = await services.Multipart.CreateAsync(caller.AccountId, request.Key, services.Endpoint.Time.GetUtcNow(), context.RequestAborted);
        await WriteAsync(context.Response, E("InitiateMultipartUploadResult", E("Bucket", caller.Bucket), E("Key", request.Key), E("UploadId", upload.UploadId)));
    }

    public static async Task UploadPartAsync(HttpContext context, S3Request request, S3Caller caller, S3Services services)
    {
        var cancellationToken = context.RequestAborted;
        if (!int.TryParse(request["partNumber"], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > MaxParts)
            throw S3Errors.InvalidArgument($"partNumber must be a whole number from 1 to {MaxParts}.");
        var upload = await services.Multipart.FindAsync(caller.AccountId, request.Key, request["uploadId"], cancellationToken);
        var replacing = (await services.Multipart.PartsAsync(upload.UploadId, cancellationToken)).FirstOrDefault(p => p.Number == number)?.Size ?? 0;
        var allowance = await services.AllowanceAsync(caller.AccountId, replacing, cancellationToken);
        await S3Upload.ReceiveAndKeepAsync(context, caller, services.Multipart.NewPartTemp(upload.UploadId), allowance, services.Files.QuotaBytes,
            (temp, size, md5) => services.Multipart.SavePartAsync(upload.UploadId, number, temp, size, md5, services.Endpoint.Time.GetUtcNow(), cancellationToken));
    }

    /// <summary>Joins the listed parts into a temporary file and renames it into place: the object appears whole or not at all.</summary>
    public static async Task CompleteAsync(HttpContext context, S3Request request, S3Caller caller, S3Services services)
    {
        var cancellationToken = context.RequestAborted;
        var upload = await services.Multipart.FindAsync(caller.AccountId, request.Key, request["uploadId"], cancellationToken);
        var body = await S3Upload.ReceiveXmlAsync(context.Request, caller, services.Files.NewTempFile(), cancellationToken);
        var stored = (await services.Multipart.PartsAsync(upload.UploadId, cancellationToken)).ToDictionary(p => p.Number);
        var chosen = new List<MultipartPart>();
        foreach (var part in Children(body, "Part"))
        {
            if (!int.TryParse(Child(part, "PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                throw S3Errors.MalformedXml("each Part needs a PartNumber");
            if (chosen.Count > 0 && number <= chosen[^1].Number)
                throw S3Errors.InvalidPartOrder();
            var etag = (Child(part, "ETag") ?? "").Trim().Trim('"');
            if (!stored.TryGetValue(number, out var found) || !string.Equals(found.Etag, etag, StringComparison.OrdinalIgnoreCase))
                throw S3Errors.InvalidPart($"Part {number} was not uploaded or its ETag is not '{etag}'; list the parts with ListParts.");
            chosen.Add(found);
        }
        if (chosen.Count == 0)
            throw S3Errors.MalformedXml("name at least one Part");
        for (var i = 0; i < chosen.Count - 1; i++)
            if (chosen[i].Size < MinPartSize)
                throw S3Errors.EntityTooSmall(chosen[i].Number);
        var total = chosen.Sum(p => p.Size);
        if (total > await services.AllowanceAsync(caller.AccountId, stored.Values.Sum(p => p.Size), cancellationToken))
            throw S3Errors.QuotaExceeded(services.Files.QuotaBytes);

        var temp = services.Files.NewTempFile();
        try
        {
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, useAsync: true))
                foreach (var part in chosen)
                {
                    await using var source = new FileStream(services.Multipart.PartPath(upload.UploadId, part.Number), FileMode.Open, FileAccess.Read, FileShare.Read, 0, useAsync: true);
                    await source.CopyToAsync(target, 1024 * 1024, cancellationToken);
                }
            var etag = MultipartEtag(chosen);
            if (!await services.Files.CommitAsync(caller.AccountId, request.Key, temp, total, etag, cancellationToken))
                throw S3Errors.KeyConflict(request.Key);
            await services.Multipart.DeleteAsync(upload.UploadId, cancellationToken);
            await WriteAsync(context.Response, E("CompleteMultipartUploadResult",
                E("Location", $"{services.Endpoint.Url}/{caller.Bucket}/{string.Join('/', request.Key.Split('/').Select(SigV4.UriEncode))}"),
                E("Bucket", caller.Bucket), E("Key", request.Key), E("ETag", Quoted(etag))));
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public static async Task AbortAsync(HttpContext context, S3Request request, S3Caller caller, S3Services services)
    {
        var upload = await services.Multipart.FindAsync(caller.AccountId, request.Key, request["uploadId"], context.RequestAborted);
        await services.Multipart.DeleteAsync(upload.UploadId, context.RequestAborted);
        context.Response.StatusCode = 204;
    }

    public static async Task ListPartsAsync(HttpContext context, S3Request request, S3Caller caller, S3Services services)
    {
        var upload = await services.Multipart.FindAsync(caller.AccountId, request.Key, request["uploadId"], context.RequestAborted);
        var max = ParseOr(request["max-parts"], 1000, "max-parts");
        var marker = ParseOr(request["part-number-marker"], 0, "part-number-marker");
        var parts = (await services.Multipart.PartsAsync(upload.UploadId, context.RequestAborted)).Where(p => p.Number > marker).ToList();
        var page = parts.Take(max).ToList();
        var truncated = parts.Count > page.Count;
        await WriteAsync(context.Response, E("ListPartsResult",
            E("Bucket", caller.Bucket), E("Key", upload.Key), E("UploadId", upload.UploadId),
            Owner(caller), E("StorageClass", "STANDARD"),
            E("PartNumberMarker", marker), E("NextPartNumberMarker", page.Count > 0 ? page[^1].Number : marker),
            E("MaxParts", max), E("IsTruncated", truncated ? "true" : "false"),
            page.Select(p => E("Part", E("PartNumber", p.Number), E("LastModified", Time(p.LastModified)), E("ETag", Quoted(p.Etag)), E("Size", p.Size)))));
    }

    public static async Task ListUploadsAsync(HttpContext context, S3Request request, S3Caller caller, S3Services services)
    {
        var prefix = request["prefix"] ?? "";
        var keyMarker = request["key-marker"] ?? "";
        var max = ParseOr(request["max-uploads"], 1000, "max-uploads");
        var uploads = (await services.Multipart.ListAsync(caller.AccountId, context.RequestAborted))
            .Where(u => u.Key.StartsWith(prefix, StringComparison.Ordinal) && string.CompareOrdinal(u.Key, keyMarker) > 0).ToList();
        var page = uploads.Take(max).ToList();
        var truncated = uploads.Count > page.Count;
        var root = E("ListMultipartUploadsResult", E("Bucket", caller.Bucket), E("KeyMarker", keyMarker), E("UploadIdMarker", ""),
            E("Prefix", prefix), E("MaxUploads", max), E("IsTruncated", truncated ? "true" : "false"));
        if (truncated)
            root.Add(E("NextKeyMarker", page[^1].Key), E("NextUploadIdMarker", page[^1].UploadId));
        root.Add(page.Select(u => E("Upload", E("Key", u.Key), E("UploadId", u.UploadId), Owner(caller), E("Initiator", E("ID", caller.AccountId)),
            E("StorageClass", "STANDARD"), E("Initiated", Time(u.Initiated)))));
        await WriteAsync(context.Response, root);
    }

    /// <summary>S3's multipart ETag: the MD5 of the parts' binary MD5s, a dash, the number of parts.</summary>
    public static string MultipartEtag(IReadOnlyList<MultipartPart> parts)
    {
        var joined = parts.SelectMany(p => Convert.FromHexString(p.Etag)).ToArray();
        return Convert.ToHexStringLower(MD5.HashData(joined)) + "-" + parts.Count.ToString(CultureInfo.InvariantCulture);
    }

    private static System.Xml.Linq.XElement Owner(S3Caller caller) => E("Owner", E("ID", caller.AccountId));

    private static int ParseOr(string? text, int fallback, string name) =>
        text is null ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? Math.Min(value, 1000)
        : throw S3Errors.InvalidArgument($"{name} must be a whole number ≥ 0.");
}
