using System.Text.Encodings.Web;
using Lyceum.Local.Billing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyceum.Local.Endpoints;

/// <summary>
/// The local stand-in for the payment provider's checkout page: confirming credits the purchase,
/// then the browser goes to success_url (or cancel_url).
/// </summary>
internal static class CheckoutPages
{
    public static IEndpointRouteBuilder MapCheckoutPages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/checkout/{sessionId}").WithMetadata(new RateLimitCategory("billing"));
        group.MapGet("", ShowAsync);
        group.MapPost("/confirm", ConfirmAsync);
        group.MapPost("/cancel", CancelAsync);
        return app;
    }

    private static async Task<ContentHttpResult> ShowAsync(string sessionId, CheckoutStore checkouts, CancellationToken cancellationToken)
    {
        var session = await checkouts.FindOpenAsync(sessionId, cancellationToken);
        if (session is null)
            return Page(404, "Checkout not found", "<p>This checkout does not exist or was already completed.</p>");
        // Relative actions keep a --public-url path prefix (a reverse proxy at /lyceum) working.
        var id = HtmlEncoder.Default.Encode(sessionId);
        return Page(200, "Lyceum Local checkout",
            $"""
            <p>Buy <strong>{session.Amount:0.00} credits</strong> (USD) for this Lyceum Local account.</p>
            <p>This is Lyceum Local's stand-in for the payment provider: no money moves.</p>
            <form method="post" action="{id}/confirm"><button type="submit">Confirm purchase</button></form>
            <form method="post" action="{id}/cancel"><button type="submit">Cancel</button></form>
            """);
    }

    private static async Task<Results<RedirectHttpResult, ContentHttpResult>> ConfirmAsync(string sessionId, CheckoutStore checkouts, CancellationToken cancellationToken) =>
        await CloseAsync(sessionId, checkouts, paid: true, cancellationToken);

    private static async Task<Results<RedirectHttpResult, ContentHttpResult>> CancelAsync(string sessionId, CheckoutStore checkouts, CancellationToken cancellationToken) =>
        await CloseAsync(sessionId, checkouts, paid: false, cancellationToken);

    private static async Task<Results<RedirectHttpResult, ContentHttpResult>> CloseAsync(string sessionId, CheckoutStore checkouts, bool paid, CancellationToken cancellationToken)
    {
        var session = await checkouts.FindOpenAsync(sessionId, cancellationToken);
        if (session is null || !await checkouts.CloseAsync(session, paid, cancellationToken))
            return Page(404, "Checkout not found", "<p>This checkout does not exist or was already completed.</p>");
        var next = paid ? session.SuccessUrl : session.CancelUrl;
        if (next is not null)
            return TypedResults.Redirect(next);
        return paid
            ? Page(200, "Purchase confirmed", $"<p>{session.Amount:0.00} credits were added to your account.</p>")
            : Page(200, "Purchase cancelled", "<p>Nothing was charged.</p>");
    }

    private static ContentHttpResult Page(int status, string title, string body) => TypedResults.Content(
        $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>",
        "text/html; charset=utf-8", statusCode: status);
}
