using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using Lyceum.Shared;

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

    /// <summary>The header of S3's default checksum, CRC-64/NVME.</summary>
    public const string Crc64NvmeHeader = HeaderPrefix + "crc64nvme";

    /// <summary>Whether a checksum covers the whole object (<see cref="FullObject"/>) or is made of the parts' (COMPOSITE).</summary>
    public const string TypeHeader = HeaderPrefix + "type";

    public const string FullObject = "FULL_OBJECT";

    /// <summary>The checksum for a header or trailer name; null when the name is not one S3 defines.</summary>
    public static S3Checksum? For(string header)
    {
        var name = header.ToLowerInvariant();
        return name[(name.StartsWith(HeaderPrefix, StringComparison.Ordinal) ? HeaderPrefix.Length : 0)..] switch
        {
            "crc32" => FromCrc32(name, new Crc32()),
            "crc32c" => FromCrc32(name, new Crc32(Crc32ParameterSet.Crc32C)),
            "crc64nvme" => FromCrc64(name, Crc64Nvme.Create()),
            "sha1" => FromIncremental(name, IncrementalHash.CreateHash(HashAlgorithmName.SHA1)),
            "sha256" => FromIncremental(name, IncrementalHash.CreateHash(HashAlgorithmName.SHA256)),
            _ => null,
        };
    }

    public void Append(ReadOnlySpan<byte> data) => _append(data);

    public string Base64() => Convert.ToBase64String(_hash());

    // S3 sends CRCs as their value's bytes big-endian (System.IO.Hashing's GetCurrentHash gives them little-endian).
    private static S3Checksum FromCrc32(string name, Crc32 crc) => new(name, crc.Append, () =>
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, crc.GetCurrentHashAsUInt32());
        return bytes;
    });

    private static S3Checksum FromCrc64(string name, Crc64 crc) => new(name, crc.Append, () =>
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, crc.GetCurrentHashAsUInt64());
        return bytes;
    });

    private static S3Checksum FromIncremental(string name, IncrementalHash hash) => new(name, hash.AppendData, hash.GetHashAndReset);
}
