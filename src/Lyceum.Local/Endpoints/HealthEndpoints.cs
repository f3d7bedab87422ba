using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyceum.Local.Endpoints;

/// <summary>/health/ping and /health/version (no authentication).</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/health").WithMetadata(new RateLimitCategory("general"));
        group.MapGet("/ping", Ping);
        group.MapGet("/version", Version);
        return api;
    }

    private static Ok<PingResponse> Ping() => TypedResults.Ok(new PingResponse("ok"));

    private static Ok<VersionResponse> Version() =>
        TypedResults.Ok(new VersionResponse(typeof(HealthEndpoints).Assembly.GetName().Version?.ToString(3) ?? "0.1.0", "v2", "lyceum-local"));
}
