using System.Net;
using System.Text.Json;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class LongNameTests : IAsyncLifetime
{
    private static readonly string LongSegment = new('a', 300);
    private TestServer _server = null!;

    [Theory]
    [InlineData("")]
    [InlineData("folder/")]
    public async Task an_upload_with_a_300_byte_name_is_a_400_that_names_the_key_and_no_host_path(string folder)
    {
        var response = await StorageTests.UploadAsync(_server, "x"u8.ToArray(), formKey: folder + LongSegment);

        var error = await Wire.AssertErrorAsync(response, HttpStatusCode.BadRequest, "key");
        AssertNothingOfTheHost(error);
        Assert.Contains("255", error.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("storage/download/")]
    [InlineData("storage/delete/")]
    public async Task a_300_byte_name_in_a_path_is_a_400_that_names_the_key(string endpoint)
    {
        var request = new HttpRequestMessage(endpoint.Contains("delete") ? HttpMethod.Delete : HttpMethod.Get, endpoint + "dir/" + LongSegment);

        var error = await Wire.AssertErrorAsync(await _server.Http.SendAsync(request), HttpStatusCode.BadRequest, "key");
        AssertNothingOfTheHost(error);
    }

    [Fact]
    public async Task a_run_with_a_300_byte_file_name_is_refused_before_it_starts()
    {
        var response = await _server.PostJsonAsync("execution/streaming/start", new { code = "print(1)", file_name = LongSegment + ".py" });

        AssertNothingOfTheHost(await Wire.AssertErrorAsync(response, HttpStatusCode.BadRequest, "file_name"));
    }

    [Fact]
    public async Task a_run_with_a_300_byte_import_file_path_is_refused_before_it_starts()
    {
        var files = JsonSerializer.Serialize(new Dictionary<string, string> { [$"pkg/{LongSegment}.py"] = "x = 1" });
        var response = await _server.PostJsonAsync("execution/streaming/start", new { code = "print(1)", import_files = files });

        AssertNothingOfTheHost(await Wire.AssertErrorAsync(response, HttpStatusCode.BadRequest, $"import_files.pkg/{LongSegment}.py"));
    }

    [Fact]
    public async Task a_name_of_exactly_255_bytes_is_stored()
    {
        var key = "dir/" + new string('b', 255);

        var response = await StorageTests.UploadAsync(_server, "x"u8.ToArray(), formKey: key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private void AssertNothingOfTheHost(JsonElement error)
    {
        var text = error.ToString();
        Assert.DoesNotContain(_server.Server.DataDirectory, text);
        Assert.DoesNotContain("acct_", text);
    }

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(o => o.RateLimits = false);

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
