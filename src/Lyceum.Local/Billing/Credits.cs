namespace Lyceum.Local.Billing;

/// <summary>The /billing/credits answer.</summary>
internal sealed record Credits(
    decimal AvailableCredits, decimal UsedCredits, decimal RemainingCredits, decimal MonthlyFreeCredits,
    decimal PurchasedCredits, decimal TotalCreditsUsed, decimal FreeCreditsRemaining);
