using System.Text.Json;
using Lyceum.Client.Tests.Infrastructure;

namespace Lyceum.Client.Tests;

public sealed partial class EndpointTests
{
    private static JsonElement Body(ScriptedServer server, string method, string path) =>
        JsonDocument.Parse(Assert.Single(server.RequestsTo(method, path)).Body!).RootElement;

    [Fact]
    public async Task every_request_carries_the_api_key_as_bearer_token()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/billing/credits", """{"available_credits":1,"used_credits":0,"remaining_credits":1,"monthly_free_credits":1,"purchased_credits":0}""");
        using var client = server.CreateClient();

        await client.Billing.GetCreditsAsync();

        Assert.Equal("Bearer " + TestKeys.ApiKey, Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task envelope_is_unwrapped_and_numbers_as_strings_and_unknown_fields_are_accepted()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/billing/credits",
            """{"status":"success","message":"ok","data":{"available_credits":"12.5","used_credits":"7.5","remaining_credits":12.5,"monthly_free_credits":"5","purchased_credits":15,"total_credits_used":"7.5","new_field":{"x":1}}}""");
        using var client = server.CreateClient();

        var credits = await client.Billing.GetCreditsAsync();

        Assert.Equal(new CreditBalance(12.5m, 7.5m, 12.5m, 5m, 15m), credits);
    }

    [Fact]
    public async Task lists_are_read_bare_or_wrapped()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/storage/list-files", """{"files":[{"key":"a.txt","size":1}],"count":1}""");
        server.OnJson("GET", "/workloads/list", """{"status":"success","data":[{"execution_id":"ex1","status":"running"}]}""");
        using var client = server.CreateClient();

        Assert.Equal("a.txt", Assert.Single(await client.Storage.ListAsync()).Key);
        Assert.Equal("ex1", Assert.Single(await client.Executions.ListWorkloadsAsync()).ExecutionId);
    }

    [Fact]
    public async Task billing_history_and_checkout_round_trip()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/billing/history",
            """{"executions":[{"execution_id":"ex1","created_at":"2026-11-28T10:00:00Z","execution_type":"cpu","status":"completed","hardware_profile":"cpu","billed":"0.02","start_time":1764324000,"end_time":null,"file_name":"a.py","cost_breakdown":{}}],"total_executions":"1","total_credits_spent":0.02,"limit":10,"offset":5}""");
        server.OnJson("POST", "/billing/checkout", """{"checkout_url":"https://pay.example/s/1","session_id":"cs_1"}""");
        using var client = server.CreateClient();

        var history = await client.Billing.GetHistoryAsync(limit: 10, offset: 5);
        var checkout = await client.Billing.CheckoutAsync(25m, new Uri("https://ok.example/"), new Uri("https://no.example/"));

        Assert.Equal("?limit=10&offset=5", Assert.Single(server.RequestsTo("GET", "/billing/history")).Query);
        var entry = Assert.Single(history.Executions);
        Assert.Equal(0.02m, entry.Billed);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764324000), entry.StartTime);
        Assert.Null(entry.EndTime);
        Assert.Equal(1, history.TotalExecutions);
        Assert.Equal(new CheckoutSession(new Uri("https://pay.example/s/1"), "cs_1"), checkout);
        var body = Body(server, "POST", "/billing/checkout");
        Assert.Equal(25m, body.GetProperty("credits_amount").GetDecimal());
        Assert.Equal("https://ok.example/", body.GetProperty("success_url").GetString());
    }

    [Fact]
    public async Task auth_endpoints_send_and_read_their_documented_shapes()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("POST", "/auth/login", """{"access_token":"at1","refresh_token":"rt1","expires_in":86400,"user_id":"u1","email":"a@b.c"}""");
        server.OnJson("POST", "/auth/refresh", """{"access_token":"at2","refresh_token":"rt2","expires_in":"86400"}""");
        server.OnJson("GET", "/auth/api-keys/",
            """[{"id":"k1","key_name":"laptop","key_prefix":"lk_live_ab","is_active":true,"last_used_at":null,"created_at":"2026-11-01T00:00:00Z","expires_at":null}]""");
        server.OnJson("POST", "/auth/api-keys/", """{"api_key":"lk_live_secret","id":"k2","key_name":"ci","key_prefix":"lk_live_se","created_at":"2026-11-28T00:00:00Z","expires_at":"2027-01-01T00:00:00Z"}""");
        server.OnJson("DELETE", "/auth/api-keys/k1", """{"message":"deleted"}""");
        server.OnJson("PATCH", "/auth/api-keys/k1/toggle", """{"id":"k1","key_name":"laptop","key_prefix":"lk_live_ab","is_active":"false"}""");
        server.OnJson("DELETE", "/user/delete", """{"message":"bye"}""");
        using var client = server.CreateClient();

        var login = await client.Auth.LoginAsync("a@b.c", "pw");
        var refreshed = await client.Auth.RefreshAsync("rt1");
        var keys = await client.Auth.ListApiKeysAsync();
        var created = await client.Auth.CreateApiKeyAsync("ci", new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await client.Auth.DeleteApiKeyAsync("k1");
        var toggled = await client.Auth.ToggleApiKeyAsync("k1");
        await client.Auth.DeleteUserAsync();

        Assert.Equal(("at1", "rt1", 86400, "u1"), (login.AccessToken, login.RefreshToken, login.ExpiresIn, login.UserId));
        Assert.Equal("", Assert.Single(server.RequestsTo("POST", "/auth/login")).Authorization);
        Assert.Equal("pw", Body(server, "POST", "/auth/login").GetProperty("password").GetString());
        Assert.Equal("rt1", Body(server, "POST", "/auth/refresh").GetProperty("refresh_token").GetString());
        Assert.Equal("at2", refreshed.AccessToken);
        Assert.True(Assert.Single(keys).IsActive);
        Assert.Equal("lk_live_secret", created.ApiKey);
        Assert.Equal("ci", Body(server, "POST", "/auth/api-keys/").GetProperty("key_name").GetString());
        Assert.False(toggled.IsActive);
        Assert.Single(server.RequestsTo("DELETE", "/user/delete"));
        Assert.DoesNotContain("at1", login.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("lk_live_secret", created.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task health_version_and_available_hardware_are_read()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/health/ping", """{"status":"ok"}""");
        server.OnJson("GET", "/health/version", """{"version":"1.2.3","api_version":"v2"}""");
        server.OnJson("GET", "/user/quotas/available-hardware", """{"available_hardware_profiles":["cpu","gpu.a100"]}""");
        using var client = server.CreateClient();

        Assert.True(await client.Health.PingAsync());
        Assert.Equal(new ServiceVersion("1.2.3", "v2"), await client.Health.GetVersionAsync());
        Assert.Equal(["cpu", "gpu.a100"], await client.GetAvailableHardwareAsync());
    }

    [Fact]
    public async Task storage_list_delete_and_credentials_reach_their_paths()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/storage/list-files", """[{"key":"data/a b.csv","size":"10","last_modified":"2026-11-28T10:00:00Z","etag":"\"abc\""}]""");
        server.OnJson("DELETE", "/storage/delete/data/a b.csv", """{"message":"deleted"}""");
        server.OnJson("DELETE", "/storage/delete-folder/data", """{"message":"deleted 1"}""");
        server.OnJson("POST", "/storage/credentials",
            """{"access_key_id":"AK","secret_access_key":"SK","session_token":"ST","endpoint":"http://s3.local","bucket_name":"b","expiration":"2026-11-28T11:00:00Z"}""");
        using var client = server.CreateClient();

        var files = await client.Storage.ListAsync("data/", maxFiles: 5);
        await client.Storage.DeleteAsync("data/a b.csv");
        await client.Storage.DeleteFolderAsync("data");
        var credentials = await client.Storage.GetCredentialsAsync();

        Assert.Equal("?prefix=data%2F&max_files=5", Assert.Single(server.RequestsTo("GET", "/storage/list-files")).Query);
        Assert.Equal(new StorageObject("data/a b.csv", 10, new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero), "abc"), Assert.Single(files));
        Assert.Single(server.RequestsTo("DELETE", "/storage/delete/data/a b.csv"));
        Assert.Single(server.RequestsTo("DELETE", "/storage/delete-folder/data"));
        Assert.Equal(("AK", "SK", "us-east-1"), (credentials.AccessKey, credentials.SecretKey, credentials.Region));
        Assert.DoesNotContain("SK", credentials.ToString().Replace("SessionToken", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task storage_key_with_dotdot_is_refused_before_sending()
    {
        await using var server = await ScriptedServer.StartAsync();
        using var client = server.CreateClient();

        await Assert.ThrowsAsync<ArgumentException>(() => client.Storage.DeleteAsync("a/../b"));
        Assert.Empty(server.Requests);
    }
}
