namespace Lyceum.Local.S3;

/// <summary>Every S3 error Lyceum Local answers, with S3's codes and statuses; messages name the fix.</summary>
internal static class S3Errors
{
    public static S3Exception AccessDenied(string message) => new(403, "AccessDenied", message);

    public static S3Exception OtherBucket(string bucket) =>
        AccessDenied($"These credentials reach only their own bucket, not '{bucket}'; use the bucket_name that POST /storage/credentials returned.");

    public static S3Exception ExpiredToken() =>
        new(403, "ExpiredToken", "The provided token has expired; get fresh credentials with POST /storage/credentials.");

    public static S3Exception RequestExpired() => AccessDenied("Request has expired; presign the URL again.");

    public static S3Exception InvalidAccessKeyId(string why) => new(403, "InvalidAccessKeyId", why);

    public static S3Exception InvalidToken() =>
        new(400, "InvalidToken", "The session token is missing or does not belong to this access key; send the session_token that came with it.");

    public static S3Exception SignatureDoesNotMatch() =>
        new(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");

    public static S3Exception TimeTooSkewed() =>
        new(403, "RequestTimeTooSkewed", "The difference between the request time and the server's time is more than 15 minutes; fix the clock of the machine that signs.");

    public static S3Exception MissingAuthentication() =>
        AccessDenied("Anonymous access is not allowed; sign requests with the credentials from POST /storage/credentials (AWS Signature Version 4).");

    public static S3Exception AuthorizationMalformed(string why) => new(400, "AuthorizationHeaderMalformed", why);

    public static S3Exception ContentSha256Mismatch() =>
        new(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed; nothing was written.");

    public static S3Exception BadDigest(string what) => new(400, "BadDigest", $"The {what} you specified did not match what we received; nothing was written.");

    public static S3Exception InvalidDigest() => new(400, "InvalidDigest", "The Content-MD5 you specified is not valid base64 of 16 bytes.");

    public static S3Exception IncompleteBody() => new(400, "IncompleteBody", "The body ended early or its aws-chunked framing is broken; nothing was written.");

    public static S3Exception InvalidKey(string key, string problem) =>
        new(400, key.Length > 0 && problem.Contains("longer", StringComparison.Ordinal) ? "KeyTooLongError" : "InvalidArgument",
            $"Object key not accepted: {problem}. Lyceum storage keys follow the same rules as /storage/upload.");

    public static S3Exception KeyConflict(string key) =>
        new(409, "InvalidArgument", $"The key '{key}' collides with an existing file or folder of the same name; delete that one first or pick another key.");

    /// <summary>403 QuotaExceeded, as Ceph's RGW answers a full user quota (AWS S3 itself has no storage quota).</summary>
    public static S3Exception QuotaExceeded(long quota) =>
        new(403, "QuotaExceeded",
            $"This upload would exceed the storage quota of {quota} bytes ({quota / (1024.0 * 1024 * 1024):0.##} GiB), which the account's objects and the parts " +
            "of its unfinished multipart uploads share; free space by deleting objects (DeleteObject, or #!lyceum delete KEY) or aborting unfinished uploads " +
            "(ListMultipartUploads, then AbortMultipartUpload), then send it again.");

    public static S3Exception NoSuchBucket(string bucket) => new(404, "NoSuchBucket", $"The bucket '{bucket}' does not exist; use the bucket_name from POST /storage/credentials.");

    public static S3Exception NoSuchKey(string key) => new(404, "NoSuchKey", $"The specified key does not exist: '{key}'.");

    public static S3Exception NoSuchUpload(string id) => new(404, "NoSuchUpload", $"The multipart upload '{id}' does not exist; it may have been completed or aborted.");

    public static S3Exception InvalidPart(string why) => new(400, "InvalidPart", why);

    public static S3Exception InvalidPartOrder() => new(400, "InvalidPartOrder", "The list of parts was not in ascending order; list them by PartNumber.");

    public static S3Exception EntityTooSmall(int part) =>
        new(400, "EntityTooSmall", $"Part {part} is smaller than the 5 MiB minimum for all parts but the last.");

    public static S3Exception MalformedXml(string why) => new(400, "MalformedXML", $"The XML you provided was not well-formed or did not validate: {why}.");

    public static S3Exception InvalidArgument(string why) => new(400, "InvalidArgument", why);

    public static S3Exception InvalidRequest(string why) => new(400, "InvalidRequest", why);

    public static S3Exception PreconditionFailed(string condition) =>
        new(412, "PreconditionFailed", $"At least one of the preconditions you specified did not hold ({condition}).");

    public static S3Exception InvalidRange(long size) =>
        new(416, "InvalidRange", $"The requested range is not satisfiable; the object has {size} bytes.");

    public static S3Exception NotImplemented(string what) =>
        new(501, "NotImplemented", $"Lyceum Local does not implement {what}; docs/emulator.md lists the S3 operations it serves.");

    public static S3Exception MethodNotAllowed(string method) =>
        new(405, "MethodNotAllowed", $"The method {method} is not allowed against this resource.");

    public static S3Exception BucketAlreadyOwned(string bucket) =>
        new(409, "BucketAlreadyOwnedByYou", $"The bucket '{bucket}' already exists and is yours; each account has exactly one bucket.");
}
