using Lyceum.Client.Credentials;

namespace Lyceum.Client;

/// <summary>How the client proves who it is: an API key, a JWT, or an email and password (logged in lazily
/// and refreshed 300 s before expiry). Asked for on every request; never reveals its secret.</summary>
public abstract class LyceumCredential
{
    private protected LyceumCredential()
    {
    }

    /// <summary>An API key (<c>lk_…</c>).</summary>
    public static LyceumCredential FromApiKey(string apiKey) => new ApiKeyCredential(RequireSecret(apiKey, nameof(apiKey), "an API key (lk_…)"));

    /// <summary>A JWT access token. It is used until it expires; it cannot be refreshed.</summary>
    public static LyceumCredential FromToken(string jwt) => new StaticTokenCredential(RequireSecret(jwt, nameof(jwt), "a JWT access token"));

    /// <summary>A refresh token (e.g. from the CLI's config); access tokens are fetched and renewed with it.</summary>
    public static LyceumCredential FromRefreshToken(string refreshToken) =>
        new RefreshingTokenCredential(RequireSecret(refreshToken, nameof(refreshToken), "a refresh token"));

    /// <summary>An account's email and password: logs in on first use, refreshes the token 300 s before it
    /// expires (one refresh shared by concurrent callers) and once after a 401.</summary>
    public static LyceumCredential FromPassword(string email, string password) =>
        new PasswordCredential(RequireSecret(email, nameof(email), "the account's email"), RequireSecret(password, nameof(password), "the account's password"));

    /// <summary>What kind of credential this is, for display: <c>api-key</c>, <c>token</c> or <c>password</c>. Never the secret.</summary>
    public abstract string Kind { get; }

    /// <summary>What a user should check when the service rejects this credential.</summary>
    internal abstract string RejectionHint { get; }

    /// <summary>The bearer token for the next request, refreshing it first when it is about to expire.</summary>
    internal abstract ValueTask<string> GetTokenAsync(ITokenService tokens, CancellationToken cancellationToken);

    /// <summary>Called after a 401: renews the token once if this credential can; false when it cannot.</summary>
    internal virtual ValueTask<bool> RenewAfterRejectionAsync(ITokenService tokens, string rejectedToken, CancellationToken cancellationToken) =>
        ValueTask.FromResult(false);

    /// <inheritdoc />
    public override string ToString() => $"LyceumCredential ({Kind})";

    private static string RequireSecret(string value, string name, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"Give {what}; it was empty.", name) : value.Trim();
}
