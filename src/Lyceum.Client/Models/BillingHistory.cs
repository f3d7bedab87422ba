namespace Lyceum.Client;

/// <summary>One page of the account's billed runs.</summary>
/// <param name="Executions">The runs on this page.</param>
/// <param name="TotalExecutions">How many runs there are in all.</param>
/// <param name="TotalCreditsSpent">Credits spent on all of them.</param>
/// <param name="Limit">The page size asked for.</param>
/// <param name="Offset">The page's offset.</param>
public sealed record BillingHistory(IReadOnlyList<BillingHistoryEntry> Executions, int TotalExecutions, decimal TotalCreditsSpent, int Limit, int Offset);
