using System.Text;
using Lyceum.Client.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Lyceum.Client.Tests;

public sealed class CredentialTests
{
    private const string Credits = """{"available_credits":1,"used_credits":0,"remaining_credits":1,"monthly_free_credits":1,"purchased_credits":0}""";

    private static Func<HttpContext, Task> Tokens(string access, string refresh, int expiresIn = 1000) =>
        ScriptedServer.Json($$"""{"access_token":"{{access}}","refresh_token":"{{refresh}}","expires_in":{{expiresIn}}}""");

    private static string[] BearersOf(ScriptedServer server) =>
        server.RequestsTo("GET", "/billing/credits").Select(r => r.Authorization.Replace("Bearer ", "", StringComparison.Ordinal)).ToArray();

    [Fact]
    public async Task password_credential_logs_in_on_first_use_and_refreshes_300_s_before_expiry()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.On("POST", "/auth/login", Tokens("at1", "rt1"));
        server.On("POST", "/auth/refresh", Tokens("at2", "rt2"));
        server.OnJson("GET", "/billing/credits", Credits);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var client = server.CreateClient(LyceumCredential.FromPassword("a@b.c", "pw"), o => o.TimeProvider = time);

        Assert.Empty(server.Requests);
        await client.Billing.GetCreditsAsync();
        time.Advance(TimeSpan.FromSeconds(600));
        await client.Billing.GetCreditsAsync();
        time.Advance(TimeSpan.FromSeconds(101));
        await client.Billing.GetCreditsAsync();

        Assert.Equal(["at1", "at1", "at2"], BearersOf(server));
        Assert.Single(server.RequestsTo("POST", "/auth/login"));
        Assert.Contains("\"refresh_token\":\"rt1\"", Assert.Single(server.RequestsTo("POST", "/auth/refresh")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task expiry_claim_of_a_jwt_wins_over_a_longer_expires_in()
    {
        await using var server = await ScriptedServer.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var jwt = Jwt(time.GetUtcNow().AddSeconds(400));
        server.On("POST", "/auth/login", Tokens(jwt, "rt1", expiresIn: 86400));
        server.On("POST", "/auth/refresh", Tokens("at2", "rt2"));
        server.OnJson("GET", "/billing/credits", Credits);
        using var client = server.CreateClient(LyceumCredential.FromPassword("a@b.c", "pw"), o => o.TimeProvider = time);

        await client.Billing.GetCreditsAsync();
        time.Advance(TimeSpan.FromSeconds(101));
        await client.Billing.GetCreditsAsync();

        Assert.Equal([jwt, "at2"], BearersOf(server));
    }

    [Fact]
    public async Task concurrent_callers_share_one_login_and_one_refresh()
    {
        await using var server = await ScriptedServer.StartAsync();
        // The login and the refresh are held until all ten callers have been started, so they all wait for the same one.
        var loginArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refreshArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseLogin = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseRefresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.On("POST", "/auth/login", async ctx =>
        {
            loginArrived.TrySetResult();
            await releaseLogin.Task;
            await Tokens("at1", "rt1")(ctx);
        });
        server.On("POST", "/auth/refresh", async ctx =>
        {
            refreshArrived.TrySetResult();
            await releaseRefresh.Task;
            await Tokens("at2", "rt2")(ctx);
        });
        server.OnJson("GET", "/billing/credits", Credits);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var client = server.CreateClient(LyceumCredential.FromPassword("a@b.c", "pw"), o => o.TimeProvider = time);

        var first = Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.Billing.GetCreditsAsync()).ToList());
        await loginArrived.Task;
        releaseLogin.TrySetResult();
        await first;
        time.Advance(TimeSpan.FromSeconds(701));
        var second = Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.Billing.GetCreditsAsync()).ToList());
        await refreshArrived.Task;
        releaseRefresh.TrySetResult();
        await second;

        Assert.Single(server.RequestsTo("POST", "/auth/login"));
        Assert.Single(server.RequestsTo("POST", "/auth/refresh"));
        Assert.Equal(10, BearersOf(server).Count(b => b == "at2"));
    }

    [Fact]
    public async Task token_is_renewed_once_after_a_401_and_the_call_repeated()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.On("POST", "/auth/login", Tokens("at1", "rt1"));
        server.On("POST", "/auth/refresh", Tokens("at2", "rt2"));
        server.On("GET", "/billing/credits", ctx => ctx.Request.Headers.Authorization == "Bearer at2"
            ? ScriptedServer.Reply(ctx, 200, Credits)
            : ScriptedServer.Reply(ctx, 401, """{"detail":"Token revoked","type":"authentication_error"}"""));
        using var client = server.CreateClient(LyceumCredential.FromPassword("a@b.c", "pw"));

        await client.Billing.GetCreditsAsync();

        Assert.Equal(["at1", "at2"], BearersOf(server));
        Assert.Single(server.RequestsTo("POST", "/auth/refresh"));
    }

    [Fact]
    public async Task token_still_refused_after_renewal_surfaces_the_401_without_looping()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.On("POST", "/auth/login", Tokens("at1", "rt1"));
        server.On("POST", "/auth/refresh", Tokens("at2", "rt2"));
        server.OnJson("GET", "/billing/credits", """{"detail":"Account disabled","type":"authentication_error"}""", 401);
        using var client = server.CreateClient(LyceumCredential.FromPassword("a@b.c", "pw"));

        var error = await Assert.ThrowsAsync<LyceumApiException>(() => client.Billing.GetCreditsAsync());

        Assert.Equal(401, error.StatusCode);
        Assert.Contains("check the email and password", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.RequestsTo("GET", "/billing/credits").Count);
        Assert.DoesNotContain("pw", error.Message.Replace("password", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task refused_refresh_token_makes_a_password_credential_log_in_again()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnSequence("POST", "/auth/login", Tokens("at1", "rt1"), Tokens("at3", "rt3"));
        server.OnJson("POST", "/auth/refresh", """{"detail":"Refresh token expired"}""", 401);
        server.OnJson("GET", "/billing/credits", Credits);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var client = server.CreateClient(LyceumCredential.FromPassword("a@b.c", "pw"), o => o.TimeProvider = time);

        await client.Billing.GetCreditsAsync();
        time.Advance(TimeSpan.FromSeconds(701));
        await client.Billing.GetCreditsAsync();

        Assert.Equal(["at1", "at3"], BearersOf(server));
    }

    [Fact]
    public void credentials_never_show_their_secret()
    {
        Assert.Equal("LyceumCredential (api-key)", LyceumCredential.FromApiKey(TestKeys.ApiKey).ToString());
        Assert.Equal("token", LyceumCredential.FromToken("eyJ.secret.jwt").Kind);
        Assert.DoesNotContain("hunter2", LyceumCredential.FromPassword("a@b.c", "hunter2").ToString(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LyceumCredential.FromApiKey(" "));
    }

    private static string Jwt(DateTimeOffset expires)
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{Part("""{"alg":"HS256","typ":"JWT"}""")}.{Part($$"""{"sub":"u1","exp":{{expires.ToUnixTimeSeconds()}}}""")}.c2lnbmF0dXJl";
    }
}
