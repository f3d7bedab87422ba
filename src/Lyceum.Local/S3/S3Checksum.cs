using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Lyceum.Local.S3;

/// <summary>One of S3's additional checksums (x-amz-checksum-*), computed as the body streams by.</summary>
internal sealed class S3Checksum
{
    private readonly Action<ReadOnlySpan<byte>> _append;
    private readonly Func<byte[]> _hash;

    private S3Checksum(string header, Action<ReadOnlySpan<byte>> append, Func<byte[]> hash)
    {
        Header = header;
        _append = append;
        _hash = hash;
    }

    /// <summary>The header (or trailer) name, e.g. <c>x-amz-checksum-crc32</c>.</summary>
    public string Header { get; }

    public const string HeaderPrefix = "x-amz-checksum-";

    /// <summary>The checksum for a header or trailer name; null when the name is not one S3 defines.</summary>
    public static S3Checksum? For(string header)
    {
        var name = header.ToLowerInvariant();
        switch (name[(name.StartsWith(HeaderPrefix, StringComparison.Ordinal) ? HeaderPrefix.Length : 0)..])
        {
            case "crc32":
                var crc32 = new Crc32();
                return new S3Checksum(name, d => crc32.Append(d), () =>
                {
                    var bytes = new byte[4];
                    BinaryPrimitives.WriteUInt32BigEndian(bytes, crc32.GetCurrentHashAsUInt32());
                    return bytes;
                });
            case "crc32c":
                var crc32c = ReflectedCrc.Crc32C();
                return new S3Checksum(name, crc32c.Append, crc32c.Hash);
            case "crc64nvme":
                var crc64 = ReflectedCrc.Crc64Nvme();
                return new S3Checksum(name, crc64.Append, crc64.Hash);
            case "sha1":
                return FromIncremental(name, IncrementalHash.CreateHash(HashAlgorithmName.SHA1));
            case "sha256":
                return FromIncremental(name, IncrementalHash.CreateHash(HashAlgorithmName.SHA256));
            default:
                return null;
        }
    }

    public void Append(ReadOnlySpan<byte> data) => _append(data);

    public string Base64() => Convert.ToBase64String(_hash());

    private static S3Checksum FromIncremental(string name, IncrementalHash hash) => new(name, hash.AppendData, hash.GetHashAndReset);
}
