using System.IO.Hashing;
using System.Security.Cryptography;

namespace Lyceum.Local.Storage;

/// <summary>
/// What every stored object is known by, computed in one pass as its bytes go by: the MD5 (the etag) and the
/// CRC-64/NVME (S3's full-object checksum, <c>x-amz-checksum-crc64nvme</c>).
/// </summary>
internal sealed class ObjectDigest : IDisposable
{
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly Crc64 _crc = Lyceum.Shared.Crc64Nvme.Create();

    public void Append(ReadOnlySpan<byte> data)
    {
        _md5.AppendData(data);
        _crc.Append(data);
    }

    /// <summary>The MD5 in binary (what Content-MD5 is compared with).</summary>
    public byte[] Md5() => _md5.GetCurrentHash();

    /// <summary>The MD5 in lower-case hex, as etags carry it.</summary>
    public string Md5Hex() => Convert.ToHexStringLower(Md5());

    public ulong Crc64Nvme() => _crc.GetCurrentHashAsUInt64();

    /// <summary>The MD5 (hex) and CRC-64/NVME of a file on disk, read once.</summary>
    public static async Task<(string Md5, ulong Crc64Nvme)> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        using var digest = new ObjectDigest();
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 0, useAsync: true);
        var buffer = new byte[1024 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            digest.Append(buffer.AsSpan(0, read));
        return (digest.Md5Hex(), digest.Crc64Nvme());
    }

    public void Dispose() => _md5.Dispose();
}
