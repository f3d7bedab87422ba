using System.Net;
using System.Net.Sockets;
using System.Text;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class InvalidTextTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public static TheoryData<string, string> EndpointsAndTheirTextFields() => new()
    {
        { "auth/login", "email" },
        { "auth/refresh", "refresh_token" },
        { "auth/api-keys/", "key_name" },
        { "execution/streaming/start", "code" },
        { "execution/image/start", "docker_image_ref" },
        { "billing/checkout", "success_url" },
    };

    [Theory]
    [MemberData(nameof(EndpointsAndTheirTextFields))]
    public async Task a_lone_surrogate_escape_is_a_400_naming_the_field(string endpoint, string field)
    {
        var response = await _server.PostRawAsync(endpoint, $"{{\"{field}\":\"\\udc00\"}}");

        var error = await Wire.AssertErrorAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Contains("Unicode", error.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(EndpointsAndTheirTextFields))]
    public async Task raw_bytes_that_are_not_utf8_are_a_400_naming_the_field(string endpoint, string field)
    {
        var body = new ByteArrayContent([.. Encoding.ASCII.GetBytes($"{{\"{field}\":\"a"), 0xFF, 0xC3, .. "\"}"u8]);
        body.Headers.ContentType = new("application/json");

        await Wire.AssertErrorAsync(await _server.Http.PostAsync(endpoint, body), HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("{\"code\":\"print(1)\",\"import_files\":\"{\\\"a.py\\\":\\\"\\\\udc00\\\"}\"}", "import_files.a.py")]
    [InlineData("{\"code\":\"print(1)\",\"prior_imports\":[\"import os\",\"\\ud800\"]}", "prior_imports[1]")]
    [InlineData("{\"code\":\"print(1)\",\"import_files\":{\"b.py\":\"\\udfff\"}}", "import_files.b.py")]
    public async Task a_bad_string_deep_in_a_run_body_is_named_by_its_path(string body, string field)
    {
        await Wire.AssertErrorAsync(await _server.PostRawAsync("execution/streaming/start", body), HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFF")]
    [InlineData("7FFFFFFFFFFFFFFF")]
    [InlineData("-1")]
    [InlineData("zz")]
    public async Task a_chunked_body_with_an_absurd_chunk_size_is_a_400(string chunkSize)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.Server.BaseUrl.Host, _server.Server.BaseUrl.Port);
        var stream = tcp.GetStream();
        var request = $"POST {_server.Server.BaseUrl.AbsolutePath}/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + $"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{chunkSize}\r\n{{\"email\":\"a\"}}\r\n0\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        using var reader = new StreamReader(stream);
        var answer = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400", answer);
    }

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(o => o.RateLimits = false);

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
