namespace Lyceum.Local.Storage;

/// <summary>
/// One stored file, as /storage/list-files shows it. <paramref name="Crc64Nvme"/> is its CRC-64/NVME (S3's full-object
/// checksum), null for a file stored by an older version until its size or time changes and it is hashed again.
/// </summary>
internal sealed record StoredObject(string Key, long Size, DateTimeOffset LastModified, string Etag, ulong? Crc64Nvme = null);
