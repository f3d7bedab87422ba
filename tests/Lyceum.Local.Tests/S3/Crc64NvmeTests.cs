using System.Text;
using Lyceum.Shared;

namespace Lyceum.Local.Tests.S3;

/// <summary>The part-joining arithmetic that lets S3 transfers check a whole object from parts moved in parallel.</summary>
public sealed class Crc64NvmeTests
{
    [Fact]
    public void Hash_is_crc64_nvme_as_s3_computes_it()
    {
        // The catalogue check value of CRC-64/NVME, and S3's base64 of it (big-endian bytes).
        Assert.Equal(0xAE8B14860A799888UL, Crc64Nvme.Hash("123456789"u8));
        Assert.Equal("rosUhgp5mIg=", Crc64Nvme.ToBase64(0xAE8B14860A799888UL));
        Assert.Equal(0xAE8B14860A799888UL, Crc64Nvme.FromBase64("rosUhgp5mIg="));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(0, 1)]
    [InlineData(7, 9)]
    [InlineData(4096, 1)]
    [InlineData(100_003, 65_537)]
    public void Combined_parts_equal_the_crc_of_the_whole(int firstLength, int secondLength)
    {
        var data = new byte[firstLength + secondLength];
        new Random(firstLength * 31 + secondLength).NextBytes(data);
        var first = Crc64Nvme.Hash(data.AsSpan(0, firstLength));
        var second = Crc64Nvme.Hash(data.AsSpan(firstLength));

        Assert.Equal(Crc64Nvme.Hash(data), Crc64Nvme.Combine(first, second, secondLength));
    }

    [Fact]
    public void Combined_parts_differ_when_a_byte_of_a_part_changed()
    {
        var data = Encoding.ASCII.GetBytes(new string('x', 1000));
        var whole = Crc64Nvme.Hash(data);
        data[999] ^= 1;

        Assert.NotEqual(whole, Crc64Nvme.Combine(Crc64Nvme.Hash(data.AsSpan(0, 500)), Crc64Nvme.Hash(data.AsSpan(500)), 500));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64")]
    [InlineData("AAAA")]
    public void Malformed_checksums_read_as_absent(string text) => Assert.Null(Crc64Nvme.FromBase64(text));
}
