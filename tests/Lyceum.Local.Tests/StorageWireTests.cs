using System.Net;
using System.Net.Http.Headers;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

/// <summary>The multipart key is strict UTF-8, and only byte ranges are ranges (issue 12, defect 9).</summary>
public sealed class StorageWireTests
{
    [Fact]
    public async Task a_key_field_starting_with_a_utf16_byte_order_mark_is_refused_not_read_as_utf16()
    {
        await using var server = await TestServer.StartAsync();
        // "k" in UTF-16LE after its byte-order mark: a sniffing reader would take it for the key "k".
        var response = await UploadWithRawKeyAsync(server, [0xFF, 0xFE, (byte)'k', 0x00]);

        var error = await Wire.AssertErrorAsync(response, HttpStatusCode.BadRequest);

        Assert.Equal("key", error.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Contains("UTF-8", error.GetProperty("detail").GetString());
        Assert.Empty((await server.GetJsonAsync("storage/list-files")).EnumerateArray());
    }

    [Fact]
    public async Task a_utf8_byte_order_mark_in_the_key_field_stays_part_of_the_key()
    {
        await using var server = await TestServer.StartAsync();

        var response = await UploadWithRawKeyAsync(server, [0xEF, 0xBB, 0xBF, .. "k.txt"u8]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var key = Assert.Single((await server.GetJsonAsync("storage/list-files")).EnumerateArray()).GetProperty("key").GetString();
        Assert.Equal("\uFEFFk.txt", key);
    }

    [Fact]
    public async Task a_key_field_in_utf8_keeps_its_characters()
    {
        await using var server = await TestServer.StartAsync();

        var response = await UploadWithRawKeyAsync(server, "données/ü.txt"u8.ToArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("données/ü.txt", (await TestServer.JsonAsync(response)).GetProperty("key").GetString());
    }

    [Theory]
    [InlineData("items=0-1")]
    [InlineData("lines=2-3")]
    public async Task a_range_in_a_unit_other_than_bytes_gets_the_whole_object_with_200(string range)
    {
        await using var server = await TestServer.StartAsync();
        await StorageTests.UploadAsync(server, "0123456789"u8.ToArray(), formKey: "digits.txt");
        using var request = new HttpRequestMessage(HttpMethod.Get, "storage/download/digits.txt");
        request.Headers.TryAddWithoutValidation("Range", range);

        var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0123456789", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task a_byte_range_in_capitals_is_still_a_byte_range()
    {
        await using var server = await TestServer.StartAsync();
        await StorageTests.UploadAsync(server, "0123456789"u8.ToArray(), formKey: "digits.txt");
        using var request = new HttpRequestMessage(HttpMethod.Get, "storage/download/digits.txt");
        request.Headers.TryAddWithoutValidation("Range", "BYTES=1-2");

        var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("12", await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> UploadWithRawKeyAsync(TestServer server, byte[] key)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent("x"u8.ToArray()), "file", "upload.bin" } };
        var keyPart = new ByteArrayContent(key);
        keyPart.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"key\"" };
        form.Add(keyPart);
        return await server.Http.PostAsync("storage/upload", form);
    }
}
