namespace Lyceum.Local.S3;

/// <summary>
/// One uploaded part of an unfinished multipart upload; <paramref name="DataOffset"/> is where it lies in the upload's
/// data file, or null when it has a file of its own. <paramref name="Crc64Nvme"/> is its CRC-64/NVME, computed on receipt
/// (null for a part an older version received).
/// </summary>
internal sealed record MultipartPart(int Number, long Size, string Etag, DateTimeOffset LastModified, long? DataOffset = null, ulong? Crc64Nvme = null);
