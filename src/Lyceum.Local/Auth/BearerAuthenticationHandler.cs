using System.Security.Claims;
using System.Text.Encodings.Web;
using Lyceum.Local.Data;
using Lyceum.Local.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lyceum.Local.Auth;

/// <summary>Accepts <c>Authorization: Bearer</c> with an <c>lk_</c> API key or a JWT access token, as the service does.</summary>
internal sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyStore keys, AccountStore accounts, TokenService tokens, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LyceumBearer";
    private const string FailureItem = "lyceum.auth.failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
            return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Fail("The Authorization header must be 'Bearer <lk_… API key or access token>'.");
        var credential = header["Bearer ".Length..].Trim();

        string? accountId;
        string? keyId = null;
        if (credential.StartsWith("lk_", StringComparison.Ordinal))
        {
            var key = await keys.FindByKeyAsync(credential, Context.RequestAborted);
            if (key is null)
                return Fail("Invalid API key; create one with POST /auth/api-keys/ or use the key Lyceum Local printed at start.");
            if (!key.IsActive)
                return Fail($"The API key {key.KeyPrefix}… is inactive; turn it on with PATCH /auth/api-keys/{key.Id}/toggle.");
            if (key.ExpiresAt is { } expires && expires <= time.GetUtcNow())
                return Fail($"The API key {key.KeyPrefix}… expired at {expires:u}; create a new one with POST /auth/api-keys/.");
            accountId = key.AccountId;
            keyId = key.Id;
        }
        else
        {
            (accountId, var failure) = await tokens.ValidateAsync(credential);
            if (accountId is null)
                return Fail(failure!);
        }

        var account = await accounts.FindAsync(accountId, Context.RequestAborted);
        if (account is null)
            return Fail("The account of these credentials no longer exists.");
        var identity = new ClaimsIdentity([new Claim("sub", account.Id), new Claim("email", account.Email)], SchemeName);
        if (keyId is not null)
            identity.AddClaim(new Claim(CallerExtensions.ApiKeyClaim, keyId));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var detail = Context.Items[FailureItem] as string
            ?? "Authentication required: send 'Authorization: Bearer <lk_… API key or access token>'.";
        await LyceumErrors.Unauthorized(detail).ExecuteAsync(Context);
    }

    private AuthenticateResult Fail(string message)
    {
        Context.Items[FailureItem] = message;
        return AuthenticateResult.Fail(message);
    }
}
