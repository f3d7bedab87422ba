using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed partial class FaultSuiteTests
{
    /// <summary>Every route Lyceum Local serves: method, path (with {id}/{key} holes) and the body it reads.</summary>
    private static readonly (string Method, string Path, string Body)[] Routes =
    [
        ("POST", "auth/login", "json"), ("POST", "auth/refresh", "json"), ("GET", "auth/api-keys/", ""), ("POST", "auth/api-keys/", "json"),
        ("DELETE", "auth/api-keys/{id}", ""), ("PATCH", "auth/api-keys/{id}/toggle", ""), ("POST", "auth/api-keys/{id}/toggle", ""),
        ("GET", "user/quotas/available-hardware", ""), ("GET", "machine-types", ""), ("GET", "compute/machine-types", ""),
        ("POST", "execution/streaming/start", "json"), ("POST", "execution/image/start", "json"), ("POST", "execution/compose/start", "json"),
        ("GET", "execution/streaming/{id}/status", ""), ("POST", "execution/streaming/abort/{id}", ""),
        ("POST", "execution/streaming/complete/{id}", ""), ("GET", "execution/{id}", ""), ("GET", "workloads/list", ""),
        ("POST", "workloads/abort/{id}", ""), ("GET", "execution/streaming/{id}/stream/{id}", ""), ("POST", "execution/streaming/{id}/stream/{id}", ""),
        ("POST", "storage/upload", "multipart"), ("GET", "storage/list-files", ""), ("GET", "storage/download/{key}", ""),
        ("DELETE", "storage/delete/{key}", ""), ("DELETE", "storage/delete-folder/{key}", ""), ("POST", "storage/credentials", "json"),
        ("GET", "billing/credits", ""), ("GET", "billing/history", ""), ("POST", "billing/checkout", "json"),
        ("GET", "health/ping", ""), ("GET", "health/version", ""),
        ("GET", "/checkout/{id}", ""), ("POST", "/checkout/{id}/confirm", ""), ("POST", "/checkout/{id}/cancel", ""),
        ("GET", "/api/v1/stream/{id}", ""), ("POST", "/api/v1/stream/{id}", ""),
    ];

    /// <summary>Path holes: long names, encodings that try to climb out, NUL, non-UTF-8 escapes, huge numbers.</summary>
    private static readonly string[] BadSegments =
    [
        new string('a', 300), "%00", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%FF%FE%FD", "%C3%28", "%ED%B0%80", "-1", "99999999999999999999999",
        "a%2F..%2F..%2Fb", "%252e%252e%252f", "lk_local_guess", "\u00e9t\u00e9", "x%0Ay", "%20", "CON", new string('/', 3) + "x",
    ];

    private static readonly string[] BadQueries =
    [
        "?after=-1", "?after=99999999999999999999999", "?after=abc", "?after=4294967296", "?limit=0", "?limit=abc", "?offset=-5",
        "?max_files=0", "?max_files=999999999", "?prefix=..%2F", "?prefix=%00", "?key=" + new string('k', 300), "?key=..%2Fx", "?%FF=%FE",
    ];

    /// <summary>The fields each JSON endpoint reads, each of which gets every bad value.</summary>
    private static readonly string[] Fields =
    [
        "email", "password", "refresh_token", "key_name", "expires_at", "code", "timeout", "execution_type", "file_name", "nbcode",
        "requirements_content", "prior_imports", "import_files", "docker_image_ref", "docker_run_cmd", "docker_run_env",
        "enable_s3_mount", "credits_amount", "success_url", "cancel_url", "compose_file_code",
    ];

    private static readonly string[] BadValues =
    [
        "\"\\udc00\"", "\"\\ud800x\"", "1e999", "-1", "null", "[]", "{}", "true", "\"\"", "\"" + new string('x', 70_000) + "\"", "\"\\u0000\"",
        "\"../../etc/passwd\"", "\"" + new string('a', 300) + "/x.py\"", "[1,{\"a\":[]}]", "\"{\\\"" + new string('p', 300) + ".py\\\":\\\"x\\\"}\"",
        "\"\\\"{\\\\\\\"a.py\\\\\\\": \\\\\\\"\\\\\\\\udc00\\\\\\\"}\\\"\"", "99999999999999999999999999", "\"2000-01-01T00:00:00Z\"", "\"javascript:alert(1)\"",
    ];

    private static readonly byte[][] BadBodies =
    [
        "{\"email\":"u8.ToArray(), "not json"u8.ToArray(), [0xEF, 0xBB, 0xBF, .. "{}"u8], [.. "{\"code\":\""u8, 0xFF, 0xFE, .. "\"}"u8],
        [.. "{\"email\":\""u8, 0xC0, 0xAF, .. "\"}"u8], Encoding.ASCII.GetBytes(new string('[', 5000)), "{\"a\":1,\"a\":2}"u8.ToArray(),
        "{} trailing"u8.ToArray(), "[]"u8.ToArray(), "\"x\""u8.ToArray(), [], "   "u8.ToArray(), [0x00, 0x01, 0x02],
    ];

    [Fact]
    public async Task five_hundred_generated_malformed_requests_get_no_500_and_show_no_host_path_or_secret()
    {
        await using var server = await TestServer.StartAsync(o =>
        {
            o.RateLimits = false;
            o.Password = Password;
            o.StorageQuotaBytes = 64 * 1024 * 1024;
        });
        var secrets = new[] { server.Server.DataDirectory, server.Server.ApiKey, Password, Path.GetTempPath() + "lyceum-local-" };
        var cases = Cases(new Random(20261206)).ToList();
        Assert.True(cases.Count >= 500, $"only {cases.Count} cases");
        var failures = new List<string>();

        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (makeCase, cancellationToken) =>
        {
            var (name, request, bearer) = makeCase();
            using var client = server.Client(bearer is null ? null : server.Server.ApiKey);
            using (request)
            {
                try
                {
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                    // Streams of real runs never start here (ids are made up), so every body is short.
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    AssertNothingLeaks(name, response.StatusCode, body, secrets);
                    if ((int)response.StatusCode >= 400 && response.Content.Headers.ContentType?.MediaType == "application/json")
                        Assert.True(JsonDocument.Parse(body).RootElement.TryGetProperty("detail", out _), $"{name}: not the documented error shape: {body}");
                }
                catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
                {
                    lock (failures) failures.Add($"{name}: {ex.GetType().Name}: {ex.Message}");
                }
                catch (Xunit.Sdk.XunitException ex)
                {
                    lock (failures) failures.Add(ex.Message);
                }
            }
        });

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} requests went wrong:\n{string.Join('\n', failures.Take(20))}");
        Assert.Equal("ok", (await server.GetJsonAsync("health/ping")).GetProperty("status").GetString());
    }

    /// <summary>The cases, each a factory of (name, request, bearer): every route × bad holes, queries, bodies, fields, headers.</summary>
    private static IEnumerable<Func<(string Name, HttpRequestMessage Request, string? Bearer)>> Cases(Random random)
    {
        foreach (var (method, path, body) in Routes)
        {
            var holes = path.Contains('{') ? BadSegments : [""];
            foreach (var segment in holes)
                yield return () => Make(method, Fill(path, segment), body == "json" ? Json("{}") : null, null, $"{method} {path} with '{Shorten(segment)}'");
            foreach (var query in BadQueries.OrderBy(_ => random.Next()).Take(3).ToList())
                yield return () => Make(method, Fill(path, "x") + query, null, null, $"{method} {path}{Shorten(query)}");
            foreach (var bearer in new[] { "Bearer", "Bearer lk_", "Basic dXNlcjpwYXNz", "Bearer " + new string('a', 5000), "Bearer lk_local_%FF", "Bearer eyJhbGciOiJub25lIn0.e30." })
                yield return () => Make(method, Fill(path, "x"), null, bearer, $"{method} {path} with Authorization '{Shorten(bearer)}'");
            if (body == "json")
            {
                foreach (var bytes in BadBodies)
                    yield return () => Make(method, path, Raw(bytes, "application/json"), null, $"{method} {path} body {Shorten(Encoding.Latin1.GetString(bytes))}");
                foreach (var field in Fields.OrderBy(_ => random.Next()).Take(8).ToList())
                    foreach (var value in BadValues.OrderBy(_ => random.Next()).Take(3).ToList())
                        yield return () => Make(method, path, Json($"{{\"{field}\":{value}}}"), null, $"{method} {path} {field}={Shorten(value)}");
                yield return () => Make(method, path, Raw("{}"u8.ToArray(), "text/plain"), null, $"{method} {path} as text/plain");
            }
            if (body == "multipart")
                foreach (var multipart in BadMultiparts())
                    yield return multipart;
        }
    }

    private static IEnumerable<Func<(string, HttpRequestMessage, string?)>> BadMultiparts()
    {
        foreach (var key in new[] { new string('k', 300), "../x", "a//b", "/abs", "x\0y", "\ud800", "a\\b", ".", "", new string('d', 1100) })
            yield return () =>
            {
                var form = new MultipartFormDataContent { { new ByteArrayContent("data"u8.ToArray()), "file", "f.bin" }, { new StringContent(key), "key" } };
                return Make("POST", "storage/upload", form, null, $"upload with key '{Shorten(key)}'");
            };
        foreach (var (contentType, bytes) in new (string, byte[])[]
                 {
                     ("multipart/form-data", "--x\r\n"u8.ToArray()),
                     ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nabc"u8.ToArray()),
                     ("multipart/form-data; boundary=x", "garbage"u8.ToArray()),
                     ("multipart/form-data; boundary=" + new string('b', 200), "--b\r\n"u8.ToArray()),
                     ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n\u00ff\u00fe\r\n--x--\r\n"u8.ToArray()),
                     ("application/json", "{}"u8.ToArray()),
                 })
            yield return () => Make("POST", "storage/upload", Raw(bytes, contentType), null, $"upload as {Shorten(contentType)} {Shorten(Encoding.Latin1.GetString(bytes))}");
    }

    private static (string, HttpRequestMessage, string?) Make(string method, string path, HttpContent? content, string? authorization, string name)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/') == path ? path : RootRelative(path)) { Content = content };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            return (name, request, null);
        }
        return (name, request, "the server's key");
    }

    /// <summary>The checkout pages live outside the API's base path.</summary>
    private static string RootRelative(string path) => "../../.." + path;

    private static string Fill(string path, string segment) => path.Replace("{id}", segment).Replace("{key}", segment);

    private static ByteArrayContent Raw(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
