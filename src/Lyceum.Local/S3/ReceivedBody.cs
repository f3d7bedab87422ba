namespace Lyceum.Local.S3;

/// <summary>
/// A request body received and checked by <see cref="S3Upload"/>: its size, MD5 (hex), CRC-64/NVME, and the additional
/// checksum the client sent with it (header name and base64 value, to be echoed as S3 does), when it sent one.
/// </summary>
internal sealed record ReceivedBody(long Size, string Md5, ulong Crc64Nvme, string? ChecksumHeader, string? Checksum);
