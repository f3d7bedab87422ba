namespace Lyceum.Local.S3;

/// <summary>One uploaded part of an unfinished multipart upload.</summary>
internal sealed record MultipartPart(int Number, long Size, string Etag, DateTimeOffset LastModified);
