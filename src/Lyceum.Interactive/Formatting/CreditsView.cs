using Lyceum.Client;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;
using static Lyceum.Interactive.Formatting.LyceumHtml;
using static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;

namespace Lyceum.Interactive.Formatting;

/// <summary>What <c>#!lyceum credits</c> shows: the remaining credits first, then free vs purchased vs used.</summary>
/// <param name="Balance">The account's balance.</param>
[TypeFormatterSource(typeof(LyceumFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record CreditsView(CreditBalance Balance) : ILyceumView
{
    /// <summary>How much of the account's credits are used, 0–100.</summary>
    public int UsedPercent
    {
        get
        {
            var total = Balance.UsedCredits + Balance.RemainingCredits;
            return total <= 0 ? 0 : (int)Math.Clamp(Math.Round(Balance.UsedCredits * 100 / total), 0, 100);
        }
    }

    IHtmlContent ILyceumView.ToHtml() => Container(
        div[@class: "muted"]("Lyceum credits remaining"),
        div[@class: "big"](Credits(Balance.RemainingCredits)),
        div[@class: "bar", title: $"{UsedPercent}% used"](div[style: $"width: {UsedPercent}%"]()),
        table(
            tbody(
                Row("Monthly free", Balance.MonthlyFreeCredits),
                Row("Purchased", Balance.PurchasedCredits),
                Row("Available", Balance.AvailableCredits),
                Row("Used", Balance.UsedCredits),
                Row("Remaining", Balance.RemainingCredits))),
        div[@class: "muted"]("Free monthly credits are spent before purchased ones."));

    string ILyceumView.ToText() =>
        $"""
        Lyceum credits remaining: {Credits(Balance.RemainingCredits)}
          monthly free: {Credits(Balance.MonthlyFreeCredits)}
          purchased:    {Credits(Balance.PurchasedCredits)}
          available:    {Credits(Balance.AvailableCredits)}
          used:         {Credits(Balance.UsedCredits)} ({UsedPercent}%)
        """;

    private static object Row(string label, decimal value) => tr(th(label), td[@class: "num"](Credits(value)));
}
