namespace Lyceum.Local.S3;

/// <summary>
/// One uploaded part of an unfinished multipart upload; <paramref name="DataOffset"/> is where it lies in the upload's
/// data file, or null when it has a file of its own.
/// </summary>
internal sealed record MultipartPart(int Number, long Size, string Etag, DateTimeOffset LastModified, long? DataOffset = null);
