using System.Globalization;
using System.Security.Claims;
using Lyceum.Local.Auth;
using Lyceum.Local.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyceum.Local.S3;

/// <summary>POST /storage/credentials: temporary S3 credentials for the caller's bucket.</summary>
internal static class CredentialsEndpoint
{
    private const int MinSeconds = 900, MaxSeconds = 43_200;

    public static async Task<Results<Ok<CredentialsResponse>, JsonHttpResult<ApiError>>> IssueAsync(
        HttpRequest request, ClaimsPrincipal user, S3CredentialStore store, S3Endpoint endpoint, CancellationToken cancellationToken)
    {
        var lifetime = endpoint.CredentialLifetime;
        if (request.Query["duration_seconds"].ToString() is { Length: > 0 } text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < MinSeconds || seconds > MaxSeconds)
                return LyceumErrors.Invalid("duration_seconds", $"Expected a whole number of seconds from {MinSeconds} to {MaxSeconds}");
            lifetime = TimeSpan.FromSeconds(seconds);
        }
        var now = endpoint.Time.GetUtcNow();
        await store.PruneAsync(now, cancellationToken);
        var accountId = user.AccountId();
        var issued = await store.IssueAsync(accountId, user.ApiKeyId(), now, lifetime, cancellationToken);
        return TypedResults.Ok(new CredentialsResponse(
            issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken, issued.Expiration,
            endpoint.Url.ToString(), S3Endpoint.BucketOf(accountId), S3Endpoint.Region,
            issued.AccessKeyId, issued.SecretAccessKey, issued.Expiration));
    }
}
