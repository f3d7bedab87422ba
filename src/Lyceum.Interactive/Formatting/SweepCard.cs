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

    /// <summary>Spend against the cap (<c>--max-cost</c>), e.g. <c>0.12 of 0.50 credits</c>, when metered.</summary>
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

    /// <summary>Runs running on the service now.</summary>
    public int Running => Rows.Count(r => !r.Ended && r.State == "running");

    /// <summary>Runs being started or held queued by the service (waiting for a machine): their time does not count.</summary>
    public int Queued => Rows.Count(r => !r.Ended && r.State is "queued" or "pending" or "starting");

    /// <summary>Runs not started yet: waiting for a place among the <see cref="Parallel"/> live ones.</summary>
    public int Waiting => Rows.Count(r => !r.Ended && r.State == "waiting");

    /// <summary>The sum of the runs' costs: billed where the service billed them, else estimated; null when none is known.</summary>
    public decimal? TotalCost => Rows.Any(r => (r.Cost ?? r.CostEstimate) is not null) ? Rows.Sum(r => r.Cost ?? r.CostEstimate ?? 0m) : null;

    /// <summary>True while part of <see cref="TotalCost"/> is an estimate (price × time) rather than the service's bill.</summary>
    public bool CostIsEstimate => Rows.Any(r => r.Cost is null && r.CostEstimate is not null);

    IHtmlContent ILyceumView.ToHtml() => Container(
        div(b("Lyceum sweep "), code(What), " ", StatusBadge(Ended ? (Failed == 0 ? "completed" : "failed") : "running"), " ",
            span[@class: "muted"](Summary())),
        div[@class: "bar"](div[style: $"width:{(Rows.Count == 0 ? 0 : 100 * Done / Rows.Count)}%"]()),
        table(
            thead(tr(th("#"), th("parameters"), th("state"), th[@class: "num"]("elapsed"), th[@class: "num"]("cost"), th("result / error"))),
            tbody(Rows.Select(r => tr(
                td[@class: "num"](r.Number), td(code(r.Parameters)), td(StatusBadge(r.StateText ?? r.State)),
                td[@class: "num"](Duration(r.Elapsed)), td[@class: "num"](CostText(r)),
                td(r.Error is { } e ? span[@class: "muted"](e) : code(r.Result ?? ""))))),
            tfoot(tr(td(""), td($"{Done} of {Rows.Count} done"), td($"{Succeeded} succeeded, {Failed} failed"), td(""),
                td[@class: "num"](TotalText()), td(Spend is null ? "" : $"spend {Spend}")))),
        CostIsEstimate ? div[@class: "muted"](EstimateNote) : "",
        Message is null ? "" : div(Message),
        Rows.Where(r => r.Output.Length > 0 || r.LogFile is not null).Select(r =>
            details(summary($"Output of run {r.Number} ({r.Parameters})"), pre(ShownOutput(r.Output)),
                r.LogFile is null ? "" : div[@class: "muted"]("Whole output: ", code(r.LogFile)))));

    string ILyceumView.ToText()
    {
        var text = new StringBuilder($"Lyceum sweep {What}: {Summary()}");
        foreach (var r in Rows)
        {
            text.AppendLine().Append($"  {r.Number}. {r.Parameters}: {r.StateText ?? StateName(r.State)}");
            if (r.Elapsed > TimeSpan.Zero)
                text.Append($", {Duration(r.Elapsed)}");
            if (CostText(r) is { Length: > 0 } cost)
                text.Append($", {cost} credits");
            if ((r.Error ?? r.Result) is { } outcome)
                text.Append($" → {outcome}");
        }

        if (CostIsEstimate)
            text.AppendLine().Append(EstimateNote);
        if (Message is not null)
            text.AppendLine().Append(Message);
        return text.ToString();
    }

    /// <summary>While the sweep runs, each run's output shows its last this many characters: the card is sent again on
    /// every update (up to once a second), and a hundred runs' full output each time would flood the notebook.</summary>
    public const int LiveOutputTail = 4096;

    /// <summary>A run's output as the card shows it: all of it once the sweep ended, its tail while it runs.</summary>
    private string ShownOutput(string output) =>
        Ended || output.Length <= LiveOutputTail
            ? output
            : $"… (the last {LiveOutputTail / 1024} KB while the sweep runs; all of it once it ends)\n" + output[^LiveOutputTail..];

    private const string EstimateNote = "~ marks an estimate (the machine's price × the time so far) until the service bills the run.";

    private static string CostText(SweepRow row) => row.Cost is { } cost ? Credits(cost) : row.CostEstimate is { } estimate ? "~" + Credits(estimate) : "";

    private string TotalText() => TotalCost is { } total ? (CostIsEstimate ? "~" : "") + Credits(total) : "";

    private string Summary()
    {
        var parts = new List<string> { $"{Done} of {Rows.Count} runs done ({Succeeded} succeeded, {Failed} failed)" };
        if (!Ended)
            parts.Add($"{Running} running, {Queued} queued, {Waiting} waiting");
        if (Machine is not null)
            parts.Add(Machine);
        if (Parallel > 0)
            parts.Add($"parallel {Parallel}");
        if (TotalCost is not null)
            parts.Add($"{TotalText()} credits");
        if (Spend is not null)
            parts.Add($"spend {Spend}");
        return string.Join(" · ", parts);
    }
}
