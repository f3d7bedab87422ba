namespace Lyceum.Interactive.Budgets;

/// <summary>Whether a run may start, and what to tell the user: the refusal with its numbers, or a note (e.g. a price
/// that is unknown so a limit could not be checked).</summary>
/// <param name="Allowed">True when the run may start.</param>
/// <param name="Message">The refusal when not allowed; an optional note when allowed.</param>
internal sealed record BudgetVerdict(bool Allowed, string? Message)
{
    /// <summary>Allowed, nothing to say.</summary>
    public static BudgetVerdict Go { get; } = new(true, null);
}
