using System.Buffers.Binary;
using System.IO.Hashing;

namespace Lyceum.Shared;

/// <summary>
/// CRC-64/NVME, S3's default object checksum (<c>x-amz-checksum-crc64nvme</c>, a full-object checksum): the hashing is
/// System.IO.Hashing's; what it lacks is joining the CRCs of consecutive pieces, which parallel parts need. Compiled into
/// both the SDK and Lyceum Local, so both join parts the same way.
/// </summary>
internal static class Crc64Nvme
{
    /// <summary>The polynomial in reflected bit order (CRC-64/NVME is reflected, with all-ones start and final XOR).</summary>
    private const ulong ReflectedPolynomial = 0x9A6C9329AC4BC9B5;

    /// <summary><c>x^(2^k)</c> mod P for k = 0…63, the squarings <see cref="Combine"/> multiplies together.</summary>
    private static readonly ulong[] PowersOfTwo = BuildPowers();

    public static Crc64 Create() => new(Crc64ParameterSet.Nvme);

    public static ulong Hash(ReadOnlySpan<byte> data) => Crc64.HashToUInt64(Crc64ParameterSet.Nvme, data);

    /// <summary>The CRC of A followed by B, from the CRC of A, the CRC of B and B's length (as zlib's crc32_combine).</summary>
    public static ulong Combine(ulong first, ulong second, long secondLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(secondLength);
        return Multiply(PowerOfX(secondLength), first) ^ second;
    }

    /// <summary>The checksum as S3 writes it: the 8 bytes big-endian, in base64.</summary>
    public static string ToBase64(ulong crc)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, crc);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>The checksum S3 wrote, or null when it is not 8 bytes of base64.</summary>
    public static ulong? FromBase64(string? text)
    {
        Span<byte> bytes = stackalloc byte[8];
        return text is not null && Convert.TryFromBase64String(text.Trim(), bytes, out var written) && written == 8
            ? BinaryPrimitives.ReadUInt64BigEndian(bytes)
            : null;
    }

    /// <summary><c>x^(8·bytes)</c> mod P: the shift a CRC undergoes when that many bytes follow it.</summary>
    private static ulong PowerOfX(long bytes)
    {
        var result = 1UL << 63; // x^0 in reflected order
        var k = 3; // bytes are 2^3 bits
        for (var n = (ulong)bytes; n != 0; n >>= 1, k++)
            if ((n & 1) != 0)
                result = Multiply(PowersOfTwo[k & 63], result);
        return result;
    }

    /// <summary>a·b mod P, both in reflected order (the top bit is x^0).</summary>
    private static ulong Multiply(ulong a, ulong b)
    {
        var product = 0UL;
        for (var bit = 1UL << 63; bit != 0; bit >>= 1)
        {
            if ((a & bit) != 0)
                product ^= b;
            b = (b & 1) != 0 ? (b >> 1) ^ ReflectedPolynomial : b >> 1;
        }
        return product;
    }

    private static ulong[] BuildPowers()
    {
        var powers = new ulong[64];
        powers[0] = 1UL << 62; // x^1
        for (var k = 1; k < powers.Length; k++)
            powers[k] = Multiply(powers[k - 1], powers[k - 1]);
        return powers;
    }
}
