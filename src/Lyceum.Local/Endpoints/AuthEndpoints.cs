using System.Security.Claims;
using Lyceum.Local.Auth;
using Lyceum.Local.Errors;
using Lyceum.Local.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyceum.Local.Endpoints;

/// <summary>/auth/login, /auth/refresh and /auth/api-keys.</summary>
internal static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder api)
    {
        var open = api.MapGroup("/auth").WithMetadata(new RateLimitCategory("authentication"));
        open.MapPost("/login", LoginAsync);
        open.MapPost("/refresh", RefreshAsync);

        var keys = api.MapGroup("/auth/api-keys").RequireAuthorization().WithMetadata(new RateLimitCategory("general"));
        keys.MapGet("/", ListKeysAsync);
        keys.MapPost("/", CreateKeyAsync);
        keys.MapDelete("/{id}", DeleteKeyAsync);
        keys.MapPatch("/{id}/toggle", ToggleKeyAsync);
        keys.MapPost("/{id}/toggle", ToggleKeyAsync);
        return api;
    }

    private static async Task<Results<Ok<LoginResponse>, JsonHttpResult<ApiError>>> LoginAsync(
        HttpRequest request, [AsParameters] AuthServices services, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(request, cancellationToken: cancellationToken);
        if (error is not null)
            return error;
        var email = body!.String("email", required: true, maxLength: 320, allowEmpty: false);
        var password = body.String("password", required: true, maxLength: 1024, allowEmpty: false);
        if (body.HasErrors)
            return LyceumErrors.Validation(body.Errors);
        var account = await services.Accounts.FindByEmailAsync(email!, cancellationToken);
        if (account is null || !PasswordHasher.Verify(password!, account.PasswordHash))
            return LyceumErrors.InvalidCredentials();
        return TypedResults.Ok(await IssueAsync(services, account.Id, account.Email, cancellationToken));
    }

    private static async Task<Results<Ok<LoginResponse>, JsonHttpResult<ApiError>>> RefreshAsync(
        HttpRequest request, [AsParameters] AuthServices services, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(request, cancellationToken: cancellationToken);
        if (error is not null)
            return error;
        var token = body!.String("refresh_token", required: true, maxLength: 512, allowEmpty: false);
        if (body.HasErrors)
            return LyceumErrors.Validation(body.Errors);
        var accountId = await services.RefreshTokens.RedeemAsync(token!, cancellationToken);
        var account = accountId is null ? null : await services.Accounts.FindAsync(accountId, cancellationToken);
        if (account is null)
            return LyceumErrors.Unauthorized("The refresh token is invalid, expired or already used; log in again with POST /auth/login.");
        return TypedResults.Ok(await IssueAsync(services, account.Id, account.Email, cancellationToken));
    }

    private static async Task<LoginResponse> IssueAsync(AuthServices services, string accountId, string email, CancellationToken cancellationToken) => new(
        services.Tokens.IssueAccessToken(accountId, email),
        await services.RefreshTokens.IssueAsync(accountId, cancellationToken),
        (int)TokenService.AccessLifetime.TotalSeconds, "bearer", accountId, email);

    private static async Task<Ok<List<ApiKeyResponse>>> ListKeysAsync(ClaimsPrincipal user, [AsParameters] AuthServices services, CancellationToken cancellationToken) =>
        TypedResults.Ok((await services.Keys.ListAsync(user.AccountId(), cancellationToken)).Select(ToResponse).ToList());

    private static async Task<Results<Ok<CreatedApiKeyResponse>, JsonHttpResult<ApiError>>> CreateKeyAsync(
        HttpRequest request, ClaimsPrincipal user, [AsParameters] AuthServices services, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(request, cancellationToken: cancellationToken);
        if (error is not null)
            return error;
        var name = body!.String("key_name", required: true, maxLength: 255, allowEmpty: false);
        DateTimeOffset? expiresAt = null;
        var expires = body.String("expires_at");
        if (expires is not null)
        {
            if (!DateTimeOffset.TryParse(expires, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
                body.Error("expires_at", "Expected an ISO 8601 date-time such as 2027-01-31T00:00:00Z");
            else if (parsed <= services.Time.GetUtcNow())
                body.Error("expires_at", "Must be in the future");
            else
                expiresAt = parsed;
        }
        if (body.HasErrors)
            return LyceumErrors.Validation(body.Errors);
        var (record, key) = await services.Keys.CreateAsync(user.AccountId(), name!, expiresAt, cancellationToken: cancellationToken);
        return TypedResults.Ok(new CreatedApiKeyResponse(key, record.Id, record.KeyName, record.KeyPrefix, record.IsActive, record.CreatedAt, record.ExpiresAt));
    }

    private static async Task<Results<Ok<MessageResponse>, JsonHttpResult<ApiError>>> DeleteKeyAsync(
        string id, ClaimsPrincipal user, [AsParameters] AuthServices services, CancellationToken cancellationToken) =>
        await services.Keys.DeleteAsync(user.AccountId(), id, cancellationToken)
            ? TypedResults.Ok(new MessageResponse($"API key {id} deleted"))
            : LyceumErrors.ApiKeyNotFound(id);

    private static async Task<Results<Ok<ApiKeyResponse>, JsonHttpResult<ApiError>>> ToggleKeyAsync(
        string id, ClaimsPrincipal user, [AsParameters] AuthServices services, CancellationToken cancellationToken)
    {
        var record = await services.Keys.ToggleAsync(user.AccountId(), id, cancellationToken);
        return record is null ? LyceumErrors.ApiKeyNotFound(id) : TypedResults.Ok(ToResponse(record));
    }

    private static ApiKeyResponse ToResponse(Data.ApiKeyRecord r) => new(r.Id, r.KeyName, r.KeyPrefix, r.IsActive, r.LastUsedAt, r.CreatedAt, r.ExpiresAt);
}
