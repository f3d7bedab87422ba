using System.Globalization;
using System.Security.Cryptography;
using Lyceum.Local.Data;
using Lyceum.Shared;
using static Lyceum.Local.S3.S3Xml;

namespace Lyceum.Local.S3;

/// <summary>CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload, ListParts, ListMultipartUploads.</summary>
internal static class MultipartOperations
{
    private const int MaxParts = 10_000;

    private const string Crc64NvmeAlgorithm = "CRC64NVME";
    private const string FullObject = S3Checksum.FullObject;
    private const string AlgorithmHeader = "x-amz-checksum-algorithm";
    private const string TypeHeader = S3Checksum.TypeHeader;

    /// <summary>The x-amz-checksum-algorithm values S3 knows; only CRC64NVME is acted on (see docs/emulator.md).</summary>
    private static readonly string[] KnownAlgorithms = ["CRC32", "CRC32C", Crc64NvmeAlgorithm, "SHA1", "SHA256"];

    /// <summary>
    /// Every upload's object gets its full-object CRC-64/NVME; one created with <c>x-amz-checksum-algorithm: CRC64NVME</c>
    /// hears so back (<c>x-amz-checksum-type: FULL_OBJECT</c>), which is how a client learns the service joins CRCs.
    /// </summary>
    public static async Task CreateAsync(HttpContext context, S3Request request, S3Caller caller, S3Services services)
    {
        var algorithm = ChecksumAlgorithmOf(context.Request);
        var upload = await services.Multipart.CreateAsync(caller.AccountId, request.Key, algorithm, services.Endpoint.Time.GetUtcNow(), context.RequestAborted);
        if (algorithm == Crc64NvmeAlgorithm)
        {
            context.Response.Headers[AlgorithmHeader] = Crc64NvmeAlgorithm;
            context.Response.Headers[TypeHeader] = FullObject;
        }
        await WriteAsync(context.Response, E("InitiateMultipartUploadResult", E("Bucket", caller.Bucket), E("Key", request.Key), E("UploadId", upload.UploadId)));
    }

    public static async Task UploadPartAsync(HttpContext context, S3Request request, S3Caller caller, S3Services services)
    {
        var cancellationToken = context.RequestAborted;
        if (!int.TryParse(request["partNumber"], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > MaxParts)
            throw S3Errors.InvalidArgument($"partNumber must be a whole number from 1 to {MaxParts}.");
        var upload = await services.Multipart.FindAsync(caller.AccountId, request.Key, request["uploadId"], cancellationToken);
        // A part replacing one of the same number is judged as new bytes: the old part counts until the new one is checked.
        using var reservation = services.Files.Reserve(caller.AccountId);
        await using var target = await services.Multipart.OpenPartAsync(upload, number, S3Upload.DeclaredLength(context.Request, caller), cancellationToken);
        var body = await S3Upload.ReceiveAsync(context.Request, caller, target.Stream,
            S3Upload.Within(reservation, services.Files.QuotaBytes, target.Limit, cancellationToken), checksumHeadersDescribeBody: true, cancellationToken);
        await services.Files.SettleAsync(reservation,
            () => services.Multipart.SavePartAsync(upload.UploadId, number, target, body.Size, body.Md5, body.Crc64Nvme, services.Endpoint.Time.GetUtcNow(), cancellationToken),
            cancellationToken);
        S3Upload.AnswerEtag(context, body);
    }

    /// <summary>
    /// Makes the listed parts the object, whole or not at all: a rename of the upload's data file when the parts lie in it
    /// back to back (the usual case), else a join by copying into a temporary file that is then renamed into place. The
    /// parts' bytes already count against the quota and are exchanged for the object's in one step. The object's CRC-64/NVME
    /// is the parts' CRCs joined; a checksum the client gives (the object's in x-amz-checksum-crc64nvme, a part's in
    /// ChecksumCRC64NVME) is checked before anything changes, so a mismatch leaves the upload as it was.
    /// </summary>
    public static async Task CompleteAsync(HttpContext context, S3Request request, S3Caller caller, S3Services services)
    {
        var cancellationToken = context.RequestAborted;
        var upload = await services.Multipart.FindAsync(caller.AccountId, request.Key, request["uploadId"], cancellationToken);
        // The x-amz-checksum-* headers of a Complete are the object's, not its XML body's.
        var body = await S3Upload.ReceiveXmlAsync(context.Request, caller, checksumHeadersDescribeBody: false, cancellationToken);
        var stored = (await services.Multipart.PartsAsync(upload.UploadId, cancellationToken)).ToDictionary(p => p.Number);
        var chosen = new List<MultipartPart>();
        var claimedCrcs = new List<string?>();
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
            claimedCrcs.Add(Child(part, "ChecksumCRC64NVME"));
        }
        if (chosen.Count == 0)
            throw S3Errors.MalformedXml("name at least one Part");
        for (var i = 0; i < chosen.Count - 1; i++)
            if (chosen[i].Size < MultipartStore.MinPartSize)
                throw S3Errors.EntityTooSmall(chosen[i].Number);
        if (services.Files.Collides(caller.AccountId, request.Key))
            throw S3Errors.KeyConflict(request.Key);
        var objectCrc = await ObjectCrcAsync(context.Request, upload, chosen, claimedCrcs, services.Multipart, cancellationToken);

        var joined = services.Multipart.SealAsObject(upload, chosen);
        var temp = joined is null ? services.Files.NewTempFile() : null;
        try
        {
            if (temp is not null)
                await using (var target = PrivateFiles.Open(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, useAsync: true))
                    foreach (var part in chosen)
                        await services.Multipart.CopyPartAsync(upload.UploadId, part, target, cancellationToken);
            var etag = MultipartEtag(chosen);
            using var noNewBytes = services.Files.Reserve(caller.AccountId);
            if (!await services.Files.CommitAsync(noNewBytes, request.Key, joined ?? temp!, etag, objectCrc,
                    () => services.Multipart.ForgetAsync(upload.UploadId, cancellationToken), cancellationToken))
                throw S3Errors.KeyConflict(request.Key);
            services.Multipart.RemoveFolder(upload.UploadId);
            // An upload created for another algorithm (boto3's CRC32) is not told about a checksum it did not ask for.
            var tellCrc = upload.ChecksumAlgorithm is null or Crc64NvmeAlgorithm;
            await WriteAsync(context.Response, E("CompleteMultipartUploadResult",
                E("Location", $"{services.Endpoint.Url}/{caller.Bucket}/{string.Join('/', request.Key.Split('/').Select(SigV4.UriEncode))}"),
                E("Bucket", caller.Bucket), E("Key", request.Key), E("ETag", Quoted(etag)),
                tellCrc ? E("ChecksumCRC64NVME", Crc64Nvme.ToBase64(objectCrc)) : null,
                tellCrc ? E("ChecksumType", FullObject) : null));
        }
        finally
        {
            if (temp is not null)
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
        // A CRC64NVME upload lists each part's CRC (what a client resuming it joins), as S3 does.
        var crc = upload.ChecksumAlgorithm == Crc64NvmeAlgorithm;
        await WriteAsync(context.Response, E("ListPartsResult",
            E("Bucket", caller.Bucket), E("Key", upload.Key), E("UploadId", upload.UploadId),
            Owner(caller), E("StorageClass", "STANDARD"),
            E("PartNumberMarker", marker), E("NextPartNumberMarker", page.Count > 0 ? page[^1].Number : marker),
            E("MaxParts", max), E("IsTruncated", truncated ? "true" : "false"),
            crc ? E("ChecksumAlgorithm", Crc64NvmeAlgorithm) : null, crc ? E("ChecksumType", FullObject) : null,
            page.Select(p => E("Part", E("PartNumber", p.Number), E("LastModified", Time(p.LastModified)), E("ETag", Quoted(p.Etag)), E("Size", p.Size),
                crc && p.Crc64Nvme is { } partCrc ? E("ChecksumCRC64NVME", Crc64Nvme.ToBase64(partCrc)) : null))));
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

    /// <summary>
    /// The upload's algorithm from CreateMultipartUpload's headers (upper case), null when none was asked for. CRC64NVME is a
    /// full-object checksum only: with <c>x-amz-checksum-type: COMPOSITE</c> it is refused, as S3 refuses it.
    /// </summary>
    private static string? ChecksumAlgorithmOf(HttpRequest request)
    {
        var algorithm = request.Headers[AlgorithmHeader].ToString().Trim().ToUpperInvariant();
        var type = request.Headers[TypeHeader].ToString().Trim().ToUpperInvariant();
        if (type.Length > 0 && type is not (FullObject or "COMPOSITE"))
            throw S3Errors.InvalidRequest($"{TypeHeader} must be FULL_OBJECT or COMPOSITE, not '{type}'.");
        if (algorithm.Length == 0)
            return null;
        if (!KnownAlgorithms.Contains(algorithm))
            throw S3Errors.InvalidRequest($"{AlgorithmHeader} '{algorithm}' is not one S3 defines; use {string.Join(", ", KnownAlgorithms)}.");
        if (algorithm == Crc64NvmeAlgorithm && type == "COMPOSITE")
            throw S3Errors.InvalidRequest($"The COMPOSITE checksum type cannot be used with the CRC64NVME checksum algorithm; use {TypeHeader}: {FullObject} or leave it out.");
        return algorithm;
    }

    /// <summary>
    /// The object's CRC-64/NVME, joined from the chosen parts' CRCs; checks each ChecksumCRC64NVME the Complete body gives
    /// for a part (InvalidPart) and the x-amz-checksum-crc64nvme it gives for the object (BadDigest).
    /// </summary>
    private static async Task<ulong> ObjectCrcAsync(HttpRequest request, MultipartUpload upload, List<MultipartPart> chosen, List<string?> claimed,
        MultipartStore multipart, CancellationToken cancellationToken)
    {
        if (upload.ChecksumAlgorithm == Crc64NvmeAlgorithm && request.Headers[TypeHeader].ToString().Trim() is { Length: > 0 } type
            && !type.Equals(FullObject, StringComparison.OrdinalIgnoreCase))
            throw S3Errors.InvalidRequest($"The upload was created with the CRC64NVME algorithm, whose checksum type is {FullObject}, not '{type}'.");
        ulong crc = 0;
        for (var i = 0; i < chosen.Count; i++)
        {
            var part = await multipart.Crc64NvmeAsync(upload.UploadId, chosen[i], cancellationToken);
            if (claimed[i] is { } text && Crc64Nvme.FromBase64(text) != part)
                throw S3Errors.InvalidPart($"Part {chosen[i].Number}'s ChecksumCRC64NVME '{text}' is not the checksum of the part that was uploaded ({Crc64Nvme.ToBase64(part)}).");
            crc = i == 0 ? part : Crc64Nvme.Combine(crc, part, chosen[i].Size);
        }
        if (request.Headers[S3Checksum.Crc64NvmeHeader].ToString() is { Length: > 0 } given)
        {
            var expected = Crc64Nvme.FromBase64(given)
                ?? throw S3Errors.InvalidRequest($"{S3Checksum.Crc64NvmeHeader} must be the 8-byte CRC in base64, not '{given}'.");
            if (expected != crc)
                throw S3Errors.BadDigest($"{S3Checksum.Crc64NvmeHeader} of the whole object");
        }
        return crc;
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
