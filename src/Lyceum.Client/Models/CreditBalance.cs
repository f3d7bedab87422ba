namespace Lyceum.Client;

/// <summary>The account's credits (USD).</summary>
/// <param name="AvailableCredits">Credits that can be spent now.</param>
/// <param name="UsedCredits">Credits spent.</param>
/// <param name="RemainingCredits">Credits left.</param>
/// <param name="MonthlyFreeCredits">This month's free allowance (spent first).</param>
/// <param name="PurchasedCredits">Credits bought.</param>
public sealed record CreditBalance(decimal AvailableCredits, decimal UsedCredits, decimal RemainingCredits, decimal MonthlyFreeCredits, decimal PurchasedCredits);
