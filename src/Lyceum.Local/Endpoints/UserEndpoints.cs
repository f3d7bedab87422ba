using System.Security.Claims;
using Lyceum.Local.Auth;
using Lyceum.Local.Data;
using Lyceum.Local.Execution;
using Lyceum.Local.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyceum.Local.Endpoints;

/// <summary>/user/delete and /user/quotas/available-hardware.</summary>
internal static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/user").RequireAuthorization().WithMetadata(new RateLimitCategory("general"));
        group.MapDelete("/delete", DeleteAsync);
        group.MapGet("/quotas/available-hardware", Hardware);
        return api;
    }

    private static async Task<Ok<MessageResponse>> DeleteAsync(
        ClaimsPrincipal user, AccountStore accounts, RunManager runs, FileStore files, CancellationToken cancellationToken)
    {
        var accountId = user.AccountId();
        foreach (var run in runs.Live(accountId).ToList())
            run.RequestStop(RunStatus.Aborted, "The account was deleted.");
        // Foreign keys cascade to keys, tokens, runs, the ledger and the etag cache.
        await accounts.DeleteAsync(accountId, cancellationToken);
        files.DeleteAccount(accountId);
        return TypedResults.Ok(new MessageResponse("Account deleted with its API keys, files and history."));
    }

    private static Ok<HardwareResponse> Hardware(MachineCatalogue machines) => TypedResults.Ok(new HardwareResponse(
        machines.Available,
        machines.All.Where(machines.IsAvailable).OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => new MachineResponse(m.Name, m.PricePerHour, m.Gpu)).ToList()));
}
