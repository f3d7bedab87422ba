using System.Globalization;
using System.Security.Claims;
using Lyceum.Local.Auth;
using Lyceum.Local.Billing;
using Lyceum.Local.Errors;
using Lyceum.Local.Execution;
using Lyceum.Local.Hosting;
using Lyceum.Local.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyceum.Local.Endpoints;

/// <summary>/billing: credits, history and checkout.</summary>
internal static class BillingEndpoints
{
    public static IEndpointRouteBuilder MapBillingEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/billing").RequireAuthorization().WithMetadata(new RateLimitCategory("billing"));
        group.MapGet("/credits", CreditsAsync);
        group.MapGet("/history", HistoryAsync);
        group.MapPost("/checkout", CheckoutAsync);
        return api;
    }

    private static async Task<Ok<Credits>> CreditsAsync(ClaimsPrincipal user, Ledger ledger, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ledger.BalanceAsync(user.AccountId(), cancellationToken));

    private static async Task<Results<Ok<HistoryResponse>, JsonHttpResult<ApiError>>> HistoryAsync(
        HttpRequest request, ClaimsPrincipal user, RunStore runs, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var limit = Query(request, "limit", 50, 1, 1000, errors);
        var offset = Query(request, "offset", 0, 0, int.MaxValue, errors);
        if (errors.Count > 0)
            return LyceumErrors.Validation(errors);
        var accountId = user.AccountId();
        var page = await runs.ListAsync(accountId, limit, offset, cancellationToken);
        var (count, spent) = await runs.TotalsAsync(accountId, cancellationToken);
        return TypedResults.Ok(new HistoryResponse(
            page.Select(r => new HistoryItem(r.Id, r.CreatedAt, r.ExecutionType, r.Status, r.ExecutionType, r.Cost, r.StartTime, r.EndTime, r.FileName,
                Math.Round(r.ExecutionSeconds, 3))).ToList(),
            count, spent, limit, offset));
    }

    private static async Task<Results<Ok<CheckoutResponse>, JsonHttpResult<ApiError>>> CheckoutAsync(
        HttpRequest request, ClaimsPrincipal user, CheckoutStore checkouts, PublicAddress address, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(request, cancellationToken: cancellationToken);
        if (error is not null)
            return error;
        var amount = body!.Decimal("credits_amount", 0.01m, 100_000m, required: true);
        var success = Url(body, "success_url");
        var cancel = Url(body, "cancel_url");
        if (body.HasErrors)
            return LyceumErrors.Validation(body.Errors);
        var session = await checkouts.CreateAsync(user.AccountId(), amount!.Value, success, cancel, cancellationToken);
        return TypedResults.Ok(new CheckoutResponse(address.For($"/checkout/{session.SessionId}"), session.SessionId));
    }

    private static string? Url(FieldReader body, string field)
    {
        var text = body.String(field, maxLength: 2048);
        if (text is not null && (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            body.Error(field, "Expected an absolute http(s) URL");
        return text;
    }

    private static int Query(HttpRequest request, string name, int fallback, int min, int max, List<FieldError> errors)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
            return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        errors.Add(new FieldError(name, $"Expected a whole number between {min} and {max}"));
        return fallback;
    }
}
