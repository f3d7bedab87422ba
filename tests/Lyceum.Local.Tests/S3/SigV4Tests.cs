using System.Text;
using Lyceum.Local.S3;

namespace Lyceum.Local.Tests.S3;

/// <summary>The SigV4 arithmetic against the examples of AWS's S3 signing documentation (credentials AKIAIOSFODNN7EXAMPLE).</summary>
public sealed class SigV4Tests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string Scope = "20130524/us-east-1/s3/aws4_request";
    private static readonly byte[] Key = SigV4.SigningKey(Secret, "20130524", "us-east-1", "s3");

    [Fact]
    public void the_get_object_example_with_a_range_header_gets_the_published_signature()
    {
        var canonical = SigV4.CanonicalRequest("GET", "/test.txt", [],
            [new("Host", "examplebucket.s3.amazonaws.com"), new("Range", "bytes=0-9"), new("x-amz-content-sha256", SigV4.EmptyHash), new("x-amz-date", "20130524T000000Z")],
            ["host", "range", "x-amz-content-sha256", "x-amz-date"], SigV4.EmptyHash);

        Assert.Equal("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
            SigV4.Sign(Key, SigV4.StringToSign("20130524T000000Z", Scope, canonical)));
    }

    [Fact]
    public void the_presigned_url_example_gets_the_published_signature()
    {
        var canonical = SigV4.CanonicalRequest("GET", "/test.txt",
            [new("X-Amz-Algorithm", "AWS4-HMAC-SHA256"), new("X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/" + Scope), new("X-Amz-Date", "20130524T000000Z"),
             new("X-Amz-Expires", "86400"), new("X-Amz-SignedHeaders", "host")],
            [new("Host", "examplebucket.s3.amazonaws.com")], ["host"], "UNSIGNED-PAYLOAD");

        Assert.Equal("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
            SigV4.Sign(Key, SigV4.StringToSign("20130524T000000Z", Scope, canonical)));
    }

    [Fact]
    public void the_chunked_upload_example_chains_the_published_chunk_signatures()
    {
        const string seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
        var first = SigV4.ChunkSignature(Key, "20130524T000000Z", Scope, seed, System.Security.Cryptography.SHA256.HashData(new byte[65536].Select(_ => (byte)'a').ToArray()));
        var second = SigV4.ChunkSignature(Key, "20130524T000000Z", Scope, first, System.Security.Cryptography.SHA256.HashData(new byte[1024].Select(_ => (byte)'a').ToArray()));
        var last = SigV4.ChunkSignature(Key, "20130524T000000Z", Scope, second, System.Security.Cryptography.SHA256.HashData([]));

        Assert.Equal("ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648", first);
        Assert.Equal("0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497", second);
        Assert.Equal("b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9", last);
    }

    [Fact]
    public void paths_and_query_values_are_encoded_once_as_sigv4_wants()
    {
        Assert.Equal("/s3/bucket/data/hello%20world%2B%28x%29~.txt", SigV4.CanonicalPath("/s3/bucket/data/hello world+(x)~.txt"));
        Assert.Equal("%C3%A9t%C3%A9%2Fa", SigV4.UriEncode("été/a"));
    }

    [Theory]
    [InlineData("crc32", "y/Q5Jg==")]
    [InlineData("crc32c", "4waSgw==")]
    [InlineData("crc64nvme", "rosUhgp5mIg=")]
    public void checksums_of_the_check_string_match_their_catalogued_values(string name, string expected)
    {
        var checksum = S3Checksum.For("x-amz-checksum-" + name)!;
        checksum.Append(Encoding.ASCII.GetBytes("123456789"));
        Assert.Equal(expected, checksum.Base64());
    }
}
