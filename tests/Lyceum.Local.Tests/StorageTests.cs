using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class StorageTests
{
    [Fact]
    public async Task upload_list_download_and_delete_round_trip_with_an_md5_etag()
    {
        await using var server = await TestServer.StartAsync();
        var bytes = RandomNumberGenerator.GetBytes(100_000);

        var uploaded = await TestServer.JsonAsync(await UploadAsync(server, bytes, formKey: "data/blob.bin"));
        Assert.Equal("data/blob.bin", uploaded.GetProperty("key").GetString());
        Assert.Equal(bytes.Length, uploaded.GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(bytes)), uploaded.GetProperty("etag").GetString());

        var listed = Assert.Single((await server.GetJsonAsync("storage/list-files")).EnumerateArray());
        Assert.Equal("data/blob.bin", listed.GetProperty("key").GetString());
        Assert.Equal(uploaded.GetProperty("etag").GetString(), listed.GetProperty("etag").GetString());

        var download = await server.Http.GetAsync("storage/download/data/blob.bin");
        Assert.Equal(bytes.Length, download.Content.Headers.ContentLength);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.OK, (await server.Http.DeleteAsync("storage/delete/data/blob.bin")).StatusCode);
        await Wire.AssertErrorAsync(await server.Http.GetAsync("storage/download/data/blob.bin"), HttpStatusCode.NotFound);
        await Wire.AssertErrorAsync(await server.Http.DeleteAsync("storage/delete/data/blob.bin"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_key_comes_from_the_query_or_else_the_file_name()
    {
        await using var server = await TestServer.StartAsync();

        await UploadAsync(server, "q"u8.ToArray(), queryKey: "from/query.txt");
        await UploadAsync(server, "n"u8.ToArray(), fileName: "named.txt");

        var keys = (await server.GetJsonAsync("storage/list-files")).EnumerateArray().Select(f => f.GetProperty("key").GetString()).ToList();
        Assert.Equal(["from/query.txt", "named.txt"], keys);
    }

    [Fact]
    public async Task download_honours_range_requests()
    {
        await using var server = await TestServer.StartAsync();
        await UploadAsync(server, "0123456789"u8.ToArray(), formKey: "digits.txt");
        using var request = new HttpRequestMessage(HttpMethod.Get, "storage/download/digits.txt");
        request.Headers.Range = new RangeHeaderValue(2, 5);

        var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("2345", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task list_filters_by_prefix_sorts_by_key_and_honours_max_files()
    {
        await using var server = await TestServer.StartAsync();
        foreach (var key in new[] { "b/2.txt", "a/1.txt", "b/1.txt", "c.txt" })
            await UploadAsync(server, "x"u8.ToArray(), formKey: key);

        var underB = (await server.GetJsonAsync("storage/list-files?prefix=b/")).EnumerateArray().Select(f => f.GetProperty("key").GetString());
        var firstTwo = (await server.GetJsonAsync("storage/list-files?max_files=2")).EnumerateArray().Select(f => f.GetProperty("key").GetString());

        Assert.Equal(["b/1.txt", "b/2.txt"], underB);
        Assert.Equal(["a/1.txt", "b/1.txt"], firstTwo);
    }

    [Fact]
    public async Task delete_folder_removes_everything_under_the_prefix()
    {
        await using var server = await TestServer.StartAsync();
        foreach (var key in new[] { "run/1/out.txt", "run/1/log.txt", "run/2/out.txt", "runner.txt" })
            await UploadAsync(server, "x"u8.ToArray(), formKey: key);

        Assert.Equal(HttpStatusCode.OK, (await server.Http.DeleteAsync("storage/delete-folder/run/1")).StatusCode);

        var keys = (await server.GetJsonAsync("storage/list-files")).EnumerateArray().Select(f => f.GetProperty("key").GetString());
        Assert.Equal(["run/2/out.txt", "runner.txt"], keys);
        await Wire.AssertErrorAsync(await server.Http.DeleteAsync("storage/delete-folder/run/1"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("back\\slash.txt")]
    [InlineData("nul\0byte.txt")]
    [InlineData("bell\u0007.txt")]
    [InlineData("double//slash.txt")]
    [InlineData("trailing/")]
    public async Task upload_of_a_bad_key_is_rejected_and_nothing_is_written(string key)
    {
        await using var server = await TestServer.StartAsync();

        await Wire.AssertErrorAsync(await UploadAsync(server, "x"u8.ToArray(), formKey: key), HttpStatusCode.BadRequest, "key");
        await Wire.AssertErrorAsync(await UploadAsync(server, "x"u8.ToArray(), queryKey: key), HttpStatusCode.BadRequest, "key");

        Assert.Empty((await server.GetJsonAsync("storage/list-files")).EnumerateArray());
        Assert.Empty(Directory.EnumerateFiles(server.Server.DataDirectory, "escape.txt", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.Server.DataDirectory, "tmp")));
    }

    [Fact]
    public async Task a_key_longer_than_1024_utf8_bytes_is_rejected_and_1024_is_accepted()
    {
        await using var server = await TestServer.StartAsync();
        var tooLong = string.Join('/', Enumerable.Repeat(new string('é', 100), 6)); // 6 × 200 bytes + 5
        var longest = string.Join('/', Enumerable.Repeat(new string('k', 200), 5)) + "/" + new string('k', 19); // 1024 bytes

        await Wire.AssertErrorAsync(await UploadAsync(server, "x"u8.ToArray(), formKey: tooLong), HttpStatusCode.BadRequest, "key");
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(server, "x"u8.ToArray(), formKey: longest)).StatusCode);
    }

    [Fact]
    public async Task traversal_keys_on_download_and_delete_are_refused()
    {
        await using var server = await TestServer.StartAsync();

        await Wire.AssertErrorAsync(await server.Http.GetAsync("storage/download/a%2F..%2F..%2Flyceum.db"), HttpStatusCode.BadRequest);
        await Wire.AssertErrorAsync(await server.Http.DeleteAsync("storage/delete/a%2F..%2F..%2Flyceum.db"), HttpStatusCode.BadRequest);
        Assert.True(File.Exists(Path.Combine(server.Server.DataDirectory, "lyceum.db")));
    }

    [Fact]
    public async Task an_upload_beyond_the_quota_gets_413_and_leaves_nothing()
    {
        await using var server = await TestServer.StartAsync(o => o.StorageQuotaBytes = 1000);

        await Wire.AssertErrorAsync(await UploadAsync(server, new byte[2000], formKey: "big.bin"), HttpStatusCode.RequestEntityTooLarge);

        Assert.Empty((await server.GetJsonAsync("storage/list-files")).EnumerateArray());
    }

    [Fact]
    public async Task an_upload_without_a_file_part_or_not_multipart_is_refused()
    {
        await using var server = await TestServer.StartAsync();
        using var noFile = new MultipartFormDataContent { { new StringContent("k.txt"), "key" } };

        await Wire.AssertErrorAsync(await server.Http.PostAsync("storage/upload", noFile), HttpStatusCode.BadRequest, "file");
        await Wire.AssertErrorAsync(await server.PostRawAsync("storage/upload", "{}"), HttpStatusCode.BadRequest, "file");
    }

    [Fact]
    public async Task another_accounts_files_are_invisible()
    {
        await using var server = await TestServer.StartAsync();
        await UploadAsync(server, "private"u8.ToArray(), formKey: "mine.txt");
        using var other = await OtherAccount.CreateAsync(server);

        Assert.Empty((await TestServer.JsonAsync(await other.Http.GetAsync("storage/list-files"))).EnumerateArray());
        await Wire.AssertErrorAsync(await other.Http.GetAsync("storage/download/mine.txt"), HttpStatusCode.NotFound);
        await Wire.AssertErrorAsync(await other.Http.DeleteAsync("storage/delete/mine.txt"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task keys_with_encoded_slashes_reach_the_same_file()
    {
        await using var server = await TestServer.StartAsync();
        await UploadAsync(server, "nested"u8.ToArray(), formKey: "deep/er/file 1.txt");

        var download = await server.Http.GetAsync("storage/download/" + Uri.EscapeDataString("deep/er/file 1.txt"));

        Assert.Equal("nested", await download.Content.ReadAsStringAsync());
    }

    internal static async Task<HttpResponseMessage> UploadAsync(TestServer server, byte[] bytes, string? formKey = null, string? queryKey = null, string fileName = "upload.bin")
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", fileName } };
        if (formKey is not null)
            form.Add(new StringContent(formKey), "key");
        return await server.Http.PostAsync("storage/upload" + (queryKey is null ? "" : "?key=" + Uri.EscapeDataString(queryKey)), form);
    }
}
