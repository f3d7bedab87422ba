using Lyceum.Local.Auth;
using Lyceum.Local.Data;

namespace Lyceum.Local.Billing;

/// <summary>Checkout sessions: the local stand-in for the payment provider.</summary>
internal sealed class CheckoutStore(Database db, Ledger ledger)
{
    public async Task<CheckoutSession> CreateAsync(string accountId, decimal amount, string? successUrl, string? cancelUrl, CancellationToken cancellationToken = default)
    {
        var session = new CheckoutSession("cs_local_" + Secrets.Random(18), accountId, amount, successUrl, cancelUrl, "open");
        await db.ExecuteAsync(
            "INSERT INTO checkouts (session_id, account_id, amount, success_url, cancel_url, status, created_at) VALUES ($SessionId, $AccountId, $Amount, $SuccessUrl, $CancelUrl, $Status, $now)",
            new { session.SessionId, session.AccountId, session.Amount, session.SuccessUrl, session.CancelUrl, session.Status, now = Database.Now() }, cancellationToken);
        return session;
    }

    public Task<CheckoutSession?> FindOpenAsync(string sessionId, CancellationToken cancellationToken = default) => db.QuerySingleAsync(
        "SELECT session_id, account_id, amount, success_url, cancel_url, status FROM checkouts WHERE session_id = $sessionId AND status = 'open'",
        new { sessionId },
        r => new CheckoutSession(r.GetString(0), r.GetString(1), Math.Round((decimal)r.GetDouble(2), 6), Database.ReadString(r, "success_url"), Database.ReadString(r, "cancel_url"), r.GetString(5)),
        cancellationToken);

    /// <summary>Closes an open session as paid (crediting the purchase) or cancelled; false when it was not open.</summary>
    public async Task<bool> CloseAsync(CheckoutSession session, bool paid, CancellationToken cancellationToken = default)
    {
        var changed = await db.ExecuteAsync("UPDATE checkouts SET status = $status WHERE session_id = $id AND status = 'open'",
            new { status = paid ? "paid" : "cancelled", id = session.SessionId }, cancellationToken);
        if (changed == 0)
            return false;
        if (paid)
            await ledger.PurchaseAsync(session.AccountId, session.Amount, session.SessionId, cancellationToken);
        return true;
    }
}
