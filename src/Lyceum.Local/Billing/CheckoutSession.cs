namespace Lyceum.Local.Billing;

/// <summary>A purchase waiting for confirmation on the local checkout page.</summary>
internal sealed record CheckoutSession(string SessionId, string AccountId, decimal Amount, string? SuccessUrl, string? CancelUrl, string Status);
