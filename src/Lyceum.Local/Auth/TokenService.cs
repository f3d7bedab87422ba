using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lyceum.Local.Auth;

/// <summary>Issues and checks 24 h HS256 access tokens; the signing key lives in the data dir so a restart keeps them valid.</summary>
internal sealed class TokenService
{
    public static readonly TimeSpan AccessLifetime = TimeSpan.FromHours(24);
    private const string Issuer = "lyceum-local";
    private readonly SymmetricSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new();

    private readonly TimeProvider _time;

    public TokenService(string keyFile, TimeProvider time)
    {
        _time = time;
        if (!File.Exists(keyFile))
        {
            File.WriteAllBytes(keyFile, RandomNumberGenerator.GetBytes(32));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        _key = new SymmetricSecurityKey(File.ReadAllBytes(keyFile));
    }

    public string IssueAccessToken(string accountId, string email) => _handler.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Issuer,
        Subject = new ClaimsIdentity([new Claim("sub", accountId), new Claim("email", email)]),
        IssuedAt = _time.GetUtcNow().UtcDateTime,
        NotBefore = _time.GetUtcNow().UtcDateTime,
        Expires = _time.GetUtcNow().UtcDateTime + AccessLifetime,
        SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
    });

    /// <summary>The account id of a valid token, or the reason it is refused.</summary>
    public async Task<(string? AccountId, string? Failure)> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Issuer,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            // Expiry is judged by the server's clock (injected), not the machine's.
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } end && end.ToUniversalTime() + TimeSpan.FromSeconds(30) > _time.GetUtcNow().UtcDateTime
                && (notBefore is not { } start || start.ToUniversalTime() - TimeSpan.FromSeconds(30) <= _time.GetUtcNow().UtcDateTime),
        });
        if (result.IsValid && result.Claims.TryGetValue("sub", out var sub) && sub is string accountId)
            return (accountId, null);
        return (null, result.Exception is SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException
            ? "The access token has expired; get a new one with POST /auth/refresh or /auth/login."
            : "The access token is not valid; log in again with POST /auth/login or use an lk_… API key.");
    }
}
