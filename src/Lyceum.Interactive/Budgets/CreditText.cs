using System.Globalization;

namespace Lyceum.Interactive.Budgets;

/// <summary>Credit amounts as a user reads them: two decimals, more only where a small amount would otherwise show as 0.00.</summary>
internal static class CreditText
{
    /// <summary>E.g. <c>12.50</c>, <c>0.0017</c>, <c>0</c>.</summary>
    public static string Format(decimal credits) => credits switch
    {
        0m => "0",
        _ when Math.Abs(credits) >= 0.01m => credits.ToString("0.00", CultureInfo.InvariantCulture),
        _ => credits.ToString("0.00##", CultureInfo.InvariantCulture),
    };

    /// <summary>Reads a credit amount typed for <paramref name="option"/> (e.g. <c>--max-cost 2.5</c>).</summary>
    /// <exception cref="LyceumCommandException">Not a positive number; the message says what to type.</exception>
    public static decimal Parse(string text, string option)
    {
        if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value > 0)
            return value;
        throw new LyceumCommandException($"{option} {text}: give a positive number of credits, e.g. {option} 2.50.");
    }
}
