using System.Text;
using Lyceum.Local.S3;

namespace Lyceum.Local.Tests.S3;

/// <summary>The aws-chunked decoder on AWS's published chunked upload example, trickled in odd sizes.</summary>
public sealed class AwsChunkedReaderTests
{
    private const string Scope = "20130524/us-east-1/s3/aws4_request";
    private static readonly ChunkSigning Signing = new(
        SigV4.SigningKey("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524", "us-east-1", "s3"), "20130524T000000Z", Scope,
        "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");

    private static byte[] ExampleBody(string firstSignature = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648")
    {
        var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.ASCII.GetBytes(text));
        Write($"10000;chunk-signature={firstSignature}\r\n" + new string('a', 65536) + "\r\n");
        Write("400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n" + new string('a', 1024) + "\r\n");
        Write("0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n");
        return body.ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public async Task the_published_example_decodes_to_its_object_in_any_read_sizes(int readSize)
    {
        var reader = new AwsChunkedReader(new TrickleStream(ExampleBody(), readSize), Signing);

        var decoded = await ReadAllAsync(reader);

        Assert.Equal(66560, decoded.Length);
        Assert.All(decoded, b => Assert.Equal((byte)'a', b));
    }

    [Fact]
    public async Task a_chunk_with_a_wrong_signature_is_refused()
    {
        var reader = new AwsChunkedReader(new MemoryStream(ExampleBody(new string('0', 64))), Signing);

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(reader));

        Assert.Equal("SignatureDoesNotMatch", error.Code);
    }

    [Fact]
    public async Task a_body_cut_short_is_an_incomplete_body()
    {
        var body = ExampleBody();
        var reader = new AwsChunkedReader(new MemoryStream(body[..40_000]), Signing);

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(reader));

        Assert.Equal("IncompleteBody", error.Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task an_unsigned_body_hands_over_its_trailing_checksum(int readSize)
    {
        var body = Encoding.ASCII.GetBytes("5\r\nhello\r\n3\r\n wo\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n");
        var reader = new AwsChunkedReader(new TrickleStream(body, readSize), signing: null);

        Assert.Equal("hello wo", Encoding.ASCII.GetString(await ReadAllAsync(reader)));
        Assert.Equal("AAAAAA==", reader.Trailers["x-amz-checksum-crc32"]);
    }

    private static async Task<byte[]> ReadAllAsync(AwsChunkedReader reader)
    {
        var output = new MemoryStream();
        var buffer = new byte[10_000];
        int read;
        while ((read = await reader.ReadAsync(buffer, CancellationToken.None)) > 0)
            output.Write(buffer, 0, read);
        return output.ToArray();
    }

    /// <summary>Hands out at most <c>size</c> bytes per read, as a slow network would.</summary>
    private sealed class TrickleStream(byte[] data, int size) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(size, buffer.Length)], cancellationToken);
    }
}
