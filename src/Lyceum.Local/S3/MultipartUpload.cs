namespace Lyceum.Local.S3;

/// <summary>An unfinished multipart upload: invisible to listings and downloads until it is completed.</summary>
internal sealed record MultipartUpload(string UploadId, string AccountId, string Key, DateTimeOffset Initiated);
