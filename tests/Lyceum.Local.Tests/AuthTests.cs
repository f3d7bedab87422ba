using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Text;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class AuthTests
{
    [Fact]
    public async Task health_answers_without_credentials()
    {
        await using var server = await TestServer.StartAsync();
        using var anonymous = server.Client(null);

        Assert.Equal("ok", (await TestServer.JsonAsync(await anonymous.GetAsync("health/ping"))).GetProperty("status").GetString());
        Assert.Equal("v2", (await TestServer.JsonAsync(await anonymous.GetAsync("health/version"))).GetProperty("api_version").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("lk_live_not-a-real-key")]
    [InlineData("not.a.jwt")]
    public async Task endpoints_refuse_missing_or_invalid_bearers_with_401(string? bearer)
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.Client(bearer);

        foreach (var path in new[] { "billing/credits", "storage/list-files", "workloads/list", "auth/api-keys/", "user/quotas/available-hardware" })
            await Wire.AssertErrorAsync(await client.GetAsync(path), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task login_issues_a_24_hour_jwt_that_works_as_a_bearer()
    {
        await using var server = await TestServer.StartAsync();
        using var anonymous = server.Client(null);

        var login = await TestServer.JsonAsync(await server.PostJsonAsync("auth/login", new { email = server.Server.Email, password = server.Server.Password }));

        Assert.Equal(86400, login.GetProperty("expires_in").GetInt32());
        using var withToken = server.Client(login.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await withToken.GetAsync("billing/credits")).StatusCode);
    }

    [Fact]
    public async Task login_with_a_wrong_password_is_refused_with_401()
    {
        await using var server = await TestServer.StartAsync();

        await Wire.AssertErrorAsync(await server.PostJsonAsync("auth/login", new { email = server.Server.Email, password = "wrong" }), HttpStatusCode.Unauthorized);
        await Wire.AssertErrorAsync(await server.PostJsonAsync("auth/login", new { email = "nobody@x", password = "wrong" }), HttpStatusCode.Unauthorized);
        await Wire.AssertErrorAsync(await server.PostJsonAsync("auth/login", new { email = server.Server.Email }), HttpStatusCode.BadRequest, "password");
    }

    [Fact]
    public async Task refresh_rotates_the_refresh_token_and_a_used_one_is_refused()
    {
        await using var server = await TestServer.StartAsync();
        var login = await TestServer.JsonAsync(await server.PostJsonAsync("auth/login", new { email = server.Server.Email, password = server.Server.Password }));
        var first = login.GetProperty("refresh_token").GetString();

        var refreshed = await server.PostJsonAsync("auth/refresh", new { refresh_token = first });
        var second = await TestServer.JsonAsync(refreshed);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.NotEqual(first, second.GetProperty("refresh_token").GetString());
        await Wire.AssertErrorAsync(await server.PostJsonAsync("auth/refresh", new { refresh_token = first }), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await server.PostJsonAsync("auth/refresh", new { refresh_token = second.GetProperty("refresh_token").GetString() })).StatusCode);
    }

    [Fact]
    public async Task api_keys_are_created_listed_by_prefix_toggled_and_deleted()
    {
        await using var server = await TestServer.StartAsync();

        var created = await TestServer.JsonAsync(await server.PostJsonAsync("auth/api-keys/", new { key_name = "ci" }));
        var key = created.GetProperty("api_key").GetString()!;
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("lk_live_", key);
        Assert.True(key.Length >= 8 + 43, "the key should carry 32 random bytes");
        Assert.StartsWith(created.GetProperty("key_prefix").GetString()!, key);

        var listed = await server.GetJsonAsync("auth/api-keys/");
        var entry = Assert.Single(listed.EnumerateArray(), k => k.GetProperty("id").GetString() == id);
        Assert.DoesNotContain(key, listed.GetRawText());
        Assert.True(entry.GetProperty("is_active").GetBoolean());

        using var withNewKey = server.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await withNewKey.GetAsync("billing/credits")).StatusCode);
        var used = await server.GetJsonAsync("auth/api-keys/");
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, used.EnumerateArray().Single(k => k.GetProperty("id").GetString() == id).GetProperty("last_used_at").ValueKind);

        var toggled = await TestServer.JsonAsync(await server.Http.PatchAsync($"auth/api-keys/{id}/toggle", null));
        Assert.False(toggled.GetProperty("is_active").GetBoolean());
        await Wire.AssertErrorAsync(await withNewKey.GetAsync("billing/credits"), HttpStatusCode.Unauthorized);
        await server.Http.PatchAsync($"auth/api-keys/{id}/toggle", null);
        Assert.Equal(HttpStatusCode.OK, (await withNewKey.GetAsync("billing/credits")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await server.Http.DeleteAsync($"auth/api-keys/{id}")).StatusCode);
        await Wire.AssertErrorAsync(await withNewKey.GetAsync("billing/credits"), HttpStatusCode.Unauthorized);
        await Wire.AssertErrorAsync(await server.Http.DeleteAsync($"auth/api-keys/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task an_expired_api_key_is_refused()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(o => o.TimeProvider = time);
        var created = await TestServer.JsonAsync(await server.PostJsonAsync("auth/api-keys/", new { key_name = "brief", expires_at = time.GetUtcNow().AddSeconds(4).ToString("o") }));
        using var brief = server.Client(created.GetProperty("api_key").GetString());
        Assert.Equal(HttpStatusCode.OK, (await brief.GetAsync("billing/credits")).StatusCode);

        time.Advance(TimeSpan.FromSeconds(5));

        var error = await Wire.AssertErrorAsync(await brief.GetAsync("billing/credits"), HttpStatusCode.Unauthorized);
        Assert.Contains("expired", error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task api_key_creation_validates_its_fields()
    {
        await using var server = await TestServer.StartAsync();

        await Wire.AssertErrorAsync(await server.PostJsonAsync("auth/api-keys/", new { }), HttpStatusCode.BadRequest, "key_name");
        await Wire.AssertErrorAsync(await server.PostJsonAsync("auth/api-keys/", new { key_name = new string('k', 256) }), HttpStatusCode.BadRequest, "key_name");
        await Wire.AssertErrorAsync(await server.PostJsonAsync("auth/api-keys/", new { key_name = "x", expires_at = "tomorrow" }), HttpStatusCode.BadRequest, "expires_at");
        await Wire.AssertErrorAsync(await server.PostJsonAsync("auth/api-keys/", new { key_name = "x", expires_at = "2001-01-01T00:00:00Z" }), HttpStatusCode.BadRequest, "expires_at");
    }

    [Fact]
    public async Task api_keys_are_stored_only_as_hashes()
    {
        await using var server = await TestServer.StartAsync();
        var created = await TestServer.JsonAsync(await server.PostJsonAsync("auth/api-keys/", new { key_name = "secret" }));
        var key = created.GetProperty("api_key").GetString()!;

        var everything = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(server.Server.DataDirectory, "*", SearchOption.AllDirectories))
            everything.Append(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)));

        Assert.DoesNotContain(key, everything.ToString());
        Assert.DoesNotContain(server.Server.ApiKey, everything.ToString());
    }

    [Fact]
    public async Task user_delete_removes_the_account_with_its_keys_files_and_history()
    {
        await using var server = await TestServer.StartAsync();
        using var other = await OtherAccount.CreateAsync(server);
        using (var form = new MultipartFormDataContent { { new ByteArrayContent("x"u8.ToArray()), "file", "mine.txt" } })
            Assert.Equal(HttpStatusCode.OK, (await other.Http.PostAsync("storage/upload", form)).StatusCode);
        var start = await server.PostRawAsync("execution/streaming/start", "{\"code\":\"print(1)\"}", other.Http);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);

        var deleted = await other.Http.DeleteAsync("user/delete");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await Wire.AssertErrorAsync(await other.Http.GetAsync("billing/credits"), HttpStatusCode.Unauthorized);
        await Wire.AssertErrorAsync(await server.PostJsonAsync("auth/login", new { email = other.Email, password = other.Password }), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("billing/credits")).StatusCode);
        var storage = Path.Combine(server.Server.DataDirectory, "storage");
        Assert.DoesNotContain(Directory.EnumerateFiles(storage, "*", SearchOption.AllDirectories), f => f.EndsWith("mine.txt"));
    }
}
