namespace Lyceum.Local.S3;

/// <summary>
/// A table-driven reflected CRC of up to 64 bits: CRC-32C and CRC-64/NVME, the two S3 checksums System.IO.Hashing
/// does not have (it brings CRC-32 only in the IEEE form and CRC-64 only in the ECMA form).
/// </summary>
internal sealed class ReflectedCrc
{
    private readonly ulong[] _table = new ulong[256];
    private readonly ulong _mask;
    private readonly int _bytes;
    private ulong _crc;

    private ReflectedCrc(ulong reflectedPolynomial, int bits)
    {
        _bytes = bits / 8;
        _mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        for (ulong i = 0; i < 256; i++)
        {
            var value = i;
            for (var bit = 0; bit < 8; bit++)
                value = (value & 1) != 0 ? (value >> 1) ^ reflectedPolynomial : value >> 1;
            _table[i] = value;
        }
        _crc = _mask;
    }

    public static ReflectedCrc Crc32C() => new(0x82F63B78, 32);

    public static ReflectedCrc Crc64Nvme() => new(0x9A6C9329AC4BC9B5, 64);

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _crc;
        foreach (var b in data)
            crc = _table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        _crc = crc;
    }

    /// <summary>The CRC as S3 sends it: big-endian bytes.</summary>
    public byte[] Hash()
    {
        var value = (_crc ^ _mask) & _mask;
        var bytes = new byte[_bytes];
        for (var i = _bytes - 1; i >= 0; i--, value >>= 8)
            bytes[i] = (byte)value;
        return bytes;
    }
}
