using Lyceum.Local.Auth;
using Lyceum.Local.Data;

namespace Lyceum.Local.Tests.Infrastructure;

/// <summary>A second account on the same server, made directly in its database (the API has no sign-up).</summary>
internal sealed class OtherAccount : IDisposable
{
    private OtherAccount(HttpClient http, string email, string password)
    {
        Http = http;
        Email = email;
        Password = password;
    }

    public HttpClient Http { get; }

    public string Email { get; }

    public string Password { get; }

    public static async Task<OtherAccount> CreateAsync(TestServer server, string email = "other@lyceum.local", string password = "other-password")
    {
        var db = new Database(Path.Combine(server.Server.DataDirectory, "lyceum.db"));
        var account = await new AccountStore(db).EnsureAsync(email, password, password);
        var (_, key) = await new ApiKeyStore(db).CreateAsync(account.Id, "other", null);
        db.ClearPool();
        return new OtherAccount(server.Client(key), email, password);
    }

    public void Dispose() => Http.Dispose();
}
