using System.IO.Hashing;
using System.Security.Cryptography;
using Lyceum.Shared;

namespace Lyceum.Client.Storage;

/// <summary>How an S3 transfer checks what it moved: not at all, by MD5 against S3's ETags (any S3 service), or by
/// CRC-64/NVME against the object's full-object checksum (services that keep one, as S3 does; ten times cheaper).</summary>
internal enum TransferCheck
{
    None,
    Md5,
    Crc64Nvme,
}

/// <summary>The running check of one part or range: an MD5 or a CRC-64/NVME of the bytes handed through it.</summary>
internal sealed class PartHash(TransferCheck check) : IDisposable
{
    private readonly IncrementalHash? _md5 = check == TransferCheck.Md5 ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
    private readonly Crc64? _crc = check == TransferCheck.Crc64Nvme ? Crc64Nvme.Create() : null;

    /// <summary>The MD5 once <see cref="Finish"/> ran (MD5 checks only).</summary>
    public byte[]? Md5 { get; private set; }

    /// <summary>The CRC-64/NVME once <see cref="Finish"/> ran (CRC checks only).</summary>
    public ulong? Crc64 { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        _md5?.AppendData(data);
        _crc?.Append(data);
    }

    /// <summary>Forgets what was appended (a re-send starts over).</summary>
    public void Restart()
    {
        _md5?.GetHashAndReset();
        _crc?.Reset();
        Md5 = null;
        Crc64 = null;
    }

    public void Finish()
    {
        Md5 = _md5?.GetHashAndReset();
        Crc64 = _crc?.GetCurrentHashAsUInt64();
    }

    public void Dispose() => _md5?.Dispose();
}
