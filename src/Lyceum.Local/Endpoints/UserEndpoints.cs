using System.Security.Claims;
using Lyceum.Local.Auth;
using Lyceum.Local.Data;
using Lyceum.Local.Execution;
using Lyceum.Local.S3;
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
        ClaimsPrincipal user, AccountStore accounts, RunManager runs, FileStore files, MultipartStore multipart, CancellationToken cancellationToken)
    {
        var accountId = user.AccountId();
        // Files first, while the rows still say what belongs to the account: run folders, cache, unfinished uploads.
        await runs.DeleteAccountAsync(accountId, cancellationToken);
        await multipart.DeleteAccountAsync(accountId, cancellationToken);
        // Foreign keys cascade to keys, tokens, S3 credentials, runs, the ledger and the etag cache.
        await accounts.DeleteAsync(accountId, cancellationToken);
        files.DeleteAccount(accountId);
        return TypedResults.Ok(new MessageResponse("Account deleted with its API keys, files and history."));
    }

    private static Ok<HardwareResponse> Hardware(MachineCatalogue machines) => TypedResults.Ok(new HardwareResponse(
        machines.Available,
        machines.All.Where(machines.IsAvailable).OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => new MachineResponse(m.Name, m.PricePerHour, m.Gpu)).ToList()));
}
