using System.Security.Claims;

namespace Lyceum.Local.Auth;

/// <summary>The authenticated account of a request.</summary>
internal static class CallerExtensions
{
    public static string AccountId(this ClaimsPrincipal user) =>
        user.FindFirstValue("sub") ?? throw new InvalidOperationException("The endpoint requires authentication but no account is attached.");
}
