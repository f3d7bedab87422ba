using System.Security.Claims;

namespace Lyceum.Local.Auth;

/// <summary>The authenticated account of a request.</summary>
internal static class CallerExtensions
{
    /// <summary>The claim naming the API key a request was authenticated with (absent for access tokens).</summary>
    public const string ApiKeyClaim = "key_id";

    /// <summary>The id of the API key the request came with, or null when it came with an access token.</summary>
    public static string? ApiKeyId(this ClaimsPrincipal user) => user.FindFirstValue(ApiKeyClaim);

    public static string AccountId(this ClaimsPrincipal user) =>
        user.FindFirstValue("sub") ?? throw new InvalidOperationException("The endpoint requires authentication but no account is attached.");
}
