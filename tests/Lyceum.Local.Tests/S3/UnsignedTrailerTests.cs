using System.Buffers.Binary;
using System.IO.Hashing;
using System.Net;
using System.Text;
using Lyceum.Local.S3;

namespace Lyceum.Local.Tests.S3;

/// <summary>
/// STREAMING-UNSIGNED-PAYLOAD-TRAILER, what recent AWS SDKs send over HTTPS by default (so not to this plain-HTTP
/// endpoint in the other tests): the aws-chunked body is decoded and its trailing CRC32 checked before anything is kept.
/// </summary>
public sealed class UnsignedTrailerTests
{
    [Fact]
    public async Task an_unsigned_chunked_body_with_a_matching_crc32_trailer_is_stored()
    {
        await using var s3 = await S3Fixture.StartAsync();

        var response = await PutAsync(s3, "trailer.txt", "hello world"u8.ToArray(), Crc32Of("hello world"u8.ToArray()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello world", await s3.Server.Http.GetStringAsync("storage/download/trailer.txt"));
    }

    [Fact]
    public async Task a_wrong_crc32_trailer_is_bad_digest_and_nothing_is_written()
    {
        await using var s3 = await S3Fixture.StartAsync();

        var response = await PutAsync(s3, "trailer.txt", "hello world"u8.ToArray(), Crc32Of("hello there"u8.ToArray()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>BadDigest</Code>", await response.Content.ReadAsStringAsync());
        Assert.Empty((await s3.Server.GetJsonAsync("storage/list-files")).EnumerateArray());
    }

    private static string Crc32Of(byte[] data)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, Crc32.HashToUInt32(data));
        return Convert.ToBase64String(bytes);
    }

    /// <summary>Signs the headers as an SDK would (the chunks themselves are unsigned in this mode).</summary>
    private static async Task<HttpResponseMessage> PutAsync(S3Fixture s3, string key, byte[] data, string crc32)
    {
        var c = s3.Credentials;
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'");
        var scope = $"{now:yyyyMMdd}/us-east-1/s3/aws4_request";
        var url = new Uri($"{s3.Endpoint}/{s3.Bucket}/{key}");
        var headers = new List<KeyValuePair<string, string>>
        {
            new("host", url.Authority),
            new("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
            new("x-amz-date", amzDate),
            new("x-amz-decoded-content-length", data.Length.ToString()),
            new("x-amz-security-token", c.GetProperty("session_token").GetString()!),
            new("x-amz-trailer", "x-amz-checksum-crc32"),
        };
        var names = headers.Select(h => h.Key).ToList();
        var canonical = SigV4.CanonicalRequest("PUT", url.AbsolutePath, [], headers, names, "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
        var key1 = SigV4.SigningKey(c.GetProperty("secret_access_key").GetString()!, now.ToString("yyyyMMdd"), "us-east-1", "s3");
        var signature = SigV4.Sign(key1, SigV4.StringToSign(amzDate, scope, canonical));

        var body = new MemoryStream();
        body.Write(Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"));
        body.Write(data);
        body.Write(Encoding.ASCII.GetBytes($"\r\n0\r\nx-amz-checksum-crc32:{crc32}\r\n\r\n"));
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(body.ToArray()) };
        request.Content.Headers.ContentEncoding.Add("aws-chunked");
        foreach (var (name, value) in headers.Where(h => h.Key != "host"))
            request.Headers.TryAddWithoutValidation(name, value);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{SigV4.Algorithm} Credential={c.GetProperty("access_key_id").GetString()}/{scope}, SignedHeaders={string.Join(';', names)}, Signature={signature}");
        using var http = new HttpClient();
        return await http.SendAsync(request);
    }
}
