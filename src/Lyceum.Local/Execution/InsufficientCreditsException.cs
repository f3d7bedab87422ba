namespace Lyceum.Local.Execution;

/// <summary>A start refused because the balance, less what the account's live runs may still cost, is not above zero (402).</summary>
internal sealed class InsufficientCreditsException(decimal available)
    : Exception($"Insufficient credits: {available:0.######} available after the holds of live runs.")
{
    public decimal Available { get; } = available;
}
