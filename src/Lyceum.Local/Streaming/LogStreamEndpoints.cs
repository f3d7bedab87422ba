using Lyceum.Local.Auth;
using Lyceum.Local.Errors;
using Lyceum.Local.Execution;
using Lyceum.Local.Hosting;
using Microsoft.AspNetCore.Authentication;

namespace Lyceum.Local.Streaming;

/// <summary>
/// <c>GET|POST /api/v1/stream/{id}</c>: a run's output as the official CLI's <c>docker logs</c>, <c>compose logs</c> and
/// stream fallback read it (outside /api/v2/external). Builds 1.0.27/28 send their bearer, 1.0.25/26 none: a bearer, when
/// sent, must be valid and the run its account's (others get the same 404 as unknown runs); without one the run id, a
/// random UUID handed only to its owner, is the credential, unless <c>--log-stream-needs-bearer</c>.
/// </summary>
internal static class LogStreamEndpoints
{
    public static IEndpointRouteBuilder MapLogStreamEndpoints(this IEndpointRouteBuilder app)
    {
        // Not rate limited, like the streaming_url: readers come back with ?after=N.
        app.MapMethods("/api/v1/stream/{id}", ["GET", "POST"], StreamAsync).DisableRateLimiting();
        return app;
    }

    private static async Task StreamAsync(
        HttpContext context, string id, RunManager runs, RunStore store, LocalSettings settings, CancellationToken cancellationToken)
    {
        string? caller = null;
        if (context.Request.Headers.Authorization.Count > 0 || settings.LogStreamNeedsBearer)
        {
            var result = await context.AuthenticateAsync(BearerAuthenticationHandler.SchemeName);
            if (!result.Succeeded)
            {
                // The handler's challenge answers 401 with what is wrong with the credentials.
                await context.ChallengeAsync(BearerAuthenticationHandler.SchemeName);
                return;
            }
            caller = result.Principal.AccountId();
        }
        var (after, invalid) = ResumePoint.From(context.Request);
        if (invalid is not null)
        {
            await invalid.ExecuteAsync(context);
            return;
        }
        var live = runs.Find(id);
        var record = live?.Record ?? (Guid.TryParse(id, out _) ? await store.FindByIdAsync(id, cancellationToken) : null);
        if (record is null || (caller is not null && record.AccountId != caller))
        {
            await LyceumErrors.NotFound($"No output stream for execution '{id}'; check the execution id (GET /workloads/list lists live runs).").ExecuteAsync(context);
            return;
        }
        await StreamEndpoints.ServeAsync(context, live?.Output ?? RunOutput.Load(runs.LogPath(id)), after, settings, cancellationToken);
    }
}
