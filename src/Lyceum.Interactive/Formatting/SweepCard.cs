using System.Text;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;
using static Lyceum.Interactive.Formatting.LyceumHtml;
using static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;

namespace Lyceum.Interactive.Formatting;

/// <summary>The one card of a sweep, updated in place: a row per run (parameters, state, elapsed, cost, result or the
/// error's last line), totals and progress; each run's own output collapsed under the table.</summary>
[TypeFormatterSource(typeof(LyceumFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record SweepCard : ILyceumView
{
    /// <summary>What runs, e.g. <c>#!lyceum-python cell 3</c>.</summary>
    public required string What { get; init; }

    /// <summary>The machine type.</summary>
    public string? Machine { get; init; }

    /// <summary>At most this many runs live at once.</summary>
    public int Parallel { get; init; }

    /// <summary>The rows, in sweep order.</summary>
    public IReadOnlyList<SweepRow> Rows { get; init; } = [];

    /// <summary>Spend against the cap (<c>--max-cost</c>), e.g. <c>0.12 of 0.50 max</c>, when metered.</summary>
    public string? Spend { get; init; }

    /// <summary>Why the sweep ended early (stopped, the cost cap, fail-fast), when it did.</summary>
    public string? Message { get; init; }

    /// <summary>True once every run has ended.</summary>
    public bool Ended { get; init; }

    /// <summary>Runs that ended.</summary>
    public int Done => Rows.Count(r => r.Ended);

    /// <summary>Runs that completed successfully.</summary>
    public int Succeeded => Rows.Count(r => r.State == "completed");

    /// <summary>Runs that ended any other way.</summary>
    public int Failed => Done - Succeeded;

    /// <summary>The sum of the runs' costs, where known.</summary>
    public decimal? TotalCost => Rows.Any(r => r.Cost is not null) ? Rows.Sum(r => r.Cost ?? 0m) : null;

    IHtmlContent ILyceumView.ToHtml() => Container(
        div(b("Lyceum sweep "), code(What), " ", StatusBadge(Ended ? (Failed == 0 ? "completed" : "failed") : "running"), " ",
            span[@class: "muted"](Summary())),
        div[@class: "bar"](div[style: $"width:{(Rows.Count == 0 ? 0 : 100 * Done / Rows.Count)}%"]()),
        table(
            thead(tr(th("#"), th("parameters"), th("state"), th[@class: "num"]("elapsed"), th[@class: "num"]("cost"), th("result / error"))),
            tbody(Rows.Select(r => tr(
                td[@class: "num"](r.Number), td(code(r.Parameters)), td(StatusBadge(r.StateText ?? r.State)),
                td[@class: "num"](Duration(r.Elapsed)), td[@class: "num"](r.Cost is { } c ? Credits(c) : ""),
                td(r.Error is { } e ? span[@class: "muted"](e) : code(r.Result ?? ""))))),
            tfoot(tr(td(""), td($"{Done} of {Rows.Count} done"), td($"{Succeeded} ok, {Failed} not"), td(""),
                td[@class: "num"](TotalCost is { } t ? Credits(t) : ""), td(Spend is null ? "" : $"spend {Spend}")))),
        Message is null ? "" : div(Message),
        Rows.Where(r => r.Output.Length > 0).Select(r =>
            details(summary($"Output of run {r.Number} ({r.Parameters})"), pre(r.Output))));

    string ILyceumView.ToText()
    {
        var text = new StringBuilder($"Lyceum sweep {What}: {Summary()}");
        foreach (var r in Rows)
        {
            text.AppendLine().Append($"  {r.Number}. {r.Parameters}: {r.StateText ?? r.State}");
            if (r.Elapsed > TimeSpan.Zero)
                text.Append($", {Duration(r.Elapsed)}");
            if (r.Cost is { } cost)
                text.Append($", {Credits(cost)} credits");
            if ((r.Error ?? r.Result) is { } outcome)
                text.Append($" → {outcome}");
        }

        if (Message is not null)
            text.AppendLine().Append(Message);
        return text.ToString();
    }

    private string Summary()
    {
        var parts = new List<string> { $"{Done} of {Rows.Count} runs done ({Succeeded} ok, {Failed} not)" };
        if (Machine is not null)
            parts.Add(Machine);
        if (Parallel > 0)
            parts.Add($"parallel {Parallel}");
        if (TotalCost is { } total)
            parts.Add($"{Credits(total)} credits");
        if (Spend is not null)
            parts.Add($"spend {Spend}");
        return string.Join(" · ", parts);
    }
}
