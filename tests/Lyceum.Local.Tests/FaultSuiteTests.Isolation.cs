using System.Net;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed partial class FaultSuiteTests
{
    [Fact]
    public async Task a_second_account_gets_404_and_none_of_the_firsts_data_on_every_endpoint()
    {
        await using var server = await TestServer.StartAsync(o => o.RateLimits = false);
        using var other = await OtherAccount.CreateAsync(server);
        var (runId, url) = await server.StartRunAsync(new { code = "print('first account output')" });
        await TestServer.ReadSseAsync(url);
        await StorageTests.UploadAsync(server, "first account bytes"u8.ToArray(), formKey: "private/a.txt");
        var keyId = (await TestServer.JsonAsync(await server.PostJsonAsync("auth/api-keys/", new { key_name = "first" }))).GetProperty("id").GetString()!;
        var secrets = new[] { "first account output", "first account bytes", server.Server.ApiKey, server.Server.DataDirectory };
        var probes = new (HttpMethod Method, string Path, bool MustBe404)[]
        {
            (HttpMethod.Get, $"execution/streaming/{runId}/status", true),
            (HttpMethod.Get, $"execution/{runId}", true),
            (HttpMethod.Post, $"execution/streaming/abort/{runId}", true),
            (HttpMethod.Post, $"execution/streaming/complete/{runId}", true),
            (HttpMethod.Post, $"workloads/abort/{runId}", true),
            (HttpMethod.Get, $"execution/streaming/{runId}/stream/not-the-token", true),
            (HttpMethod.Get, $"../../../api/v1/stream/{runId}", true),
            (HttpMethod.Post, $"../../../api/v1/stream/{runId}", true),
            (HttpMethod.Get, "storage/download/private/a.txt", true),
            (HttpMethod.Delete, "storage/delete/private/a.txt", true),
            (HttpMethod.Delete, "storage/delete-folder/private", true),
            (HttpMethod.Delete, $"auth/api-keys/{keyId}", true),
            (HttpMethod.Patch, $"auth/api-keys/{keyId}/toggle", true),
            (HttpMethod.Post, $"auth/api-keys/{keyId}/toggle", true),
            (HttpMethod.Get, "storage/list-files", false),
            (HttpMethod.Get, "storage/list-files?prefix=private", false),
            (HttpMethod.Get, "workloads/list", false),
            (HttpMethod.Get, "billing/history", false),
            (HttpMethod.Get, "billing/credits", false),
            (HttpMethod.Get, "auth/api-keys/", false),
        };

        foreach (var (method, path, mustBe404) in probes)
        {
            using var response = await other.Http.SendAsync(new HttpRequestMessage(method, path));
            var body = await response.Content.ReadAsStringAsync();
            AssertNothingLeaks($"{method} {path} by the second account", response.StatusCode, body, secrets);
            Assert.DoesNotContain(runId, mustBe404 ? "" : body);
            Assert.DoesNotContain(keyId, mustBe404 ? "" : body);
            Assert.DoesNotContain("private/a.txt", mustBe404 ? "" : body);
            if (mustBe404)
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode} {body}");
            else
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal("first account bytes", await server.Http.GetStringAsync("storage/download/private/a.txt"));
        Assert.Equal("completed", (await server.GetJsonAsync($"execution/streaming/{runId}/status")).GetProperty("status").GetString());
        Assert.Contains((await server.GetJsonAsync("auth/api-keys/")).EnumerateArray(), k => k.GetProperty("id").GetString() == keyId && k.GetProperty("is_active").GetBoolean());
        Assert.Equal(1, (await server.GetJsonAsync("billing/history")).GetProperty("total_executions").GetInt32());
    }

    [Fact]
    public async Task a_second_accounts_run_cannot_read_the_firsts_files_or_credentials()
    {
        await using var server = await TestServer.StartAsync(o => o.RateLimits = false);
        using var other = await OtherAccount.CreateAsync(server);
        await StorageTests.UploadAsync(server, "first account bytes"u8.ToArray(), formKey: "private/a.txt");
        var start = await TestServer.JsonAsync(await other.Http.PostAsync("execution/streaming/start", Json(System.Text.Json.JsonSerializer.Serialize(new
        {
            code = "import os, json\nprint(json.dumps(dict(os.environ)))\nprint(sorted(os.listdir(os.environ['HOME'])))",
        }))));

        var output = Wire.Text(await TestServer.ReadSseAsync(start.GetProperty("streaming_url").GetString()!));

        Assert.DoesNotContain(server.Server.ApiKey, output);
        Assert.DoesNotContain("LYCEUM_LOCAL", output);
        Assert.DoesNotContain("private", output);
    }
}
