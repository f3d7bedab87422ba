using System.Text;
using Lyceum.Client;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;
using static Lyceum.Interactive.Formatting.LyceumHtml;
using static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;

namespace Lyceum.Interactive.Formatting;

/// <summary>What <c>#!lyceum history</c> shows: past runs with a status badge, machine, duration and cost, then totals.</summary>
/// <param name="History">One page of the billing history.</param>
[TypeFormatterSource(typeof(LyceumFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record HistoryView(BillingHistory History) : ILyceumView
{
    private string Range => History.Executions.Count == 0
        ? $"none of {History.TotalExecutions}"
        : $"{History.Offset + 1}–{History.Offset + History.Executions.Count} of {History.TotalExecutions}";

    IHtmlContent ILyceumView.ToHtml() => Container(
        div[@class: "title"]($"Run history ({Range})"),
        History.Executions.Count == 0
            ? div[@class: "muted"]("No runs on this page.")
            : table(
                thead(tr(th("Run"), th("Status"), th("Machine"), th("Started"), th[@class: "num"]("Duration"), th[@class: "num"]("Cost"))),
                tbody(History.Executions.Select(e => tr(
                    td(code(e.ExecutionId), e.FileName is null ? "" : div[@class: "muted"](e.FileName)),
                    td(StatusBadge(e.Status)),
                    td(e.HardwareProfile ?? e.ExecutionType ?? ""),
                    td(Time(e.StartTime ?? e.CreatedAt)),
                    td[@class: "num"](Duration(DurationOf(e))),
                    td[@class: "num"](Credits(e.Billed))))),
                tfoot(tr(td($"{History.TotalExecutions} runs in all"), td(), td(), td(), td(), td[@class: "num"](Credits(History.TotalCreditsSpent))))),
        div[@class: "muted"]($"Total credits spent: {Credits(History.TotalCreditsSpent)}"));

    string ILyceumView.ToText()
    {
        var text = new StringBuilder($"Run history ({Range})").AppendLine();
        foreach (var e in History.Executions)
            text.AppendLine($"  {e.ExecutionId}  {StateName(e.Status)}  {e.HardwareProfile ?? e.ExecutionType}  {Time(e.StartTime ?? e.CreatedAt)}  {Duration(DurationOf(e))}  {Credits(e.Billed)} credits");
        return text.Append($"Total credits spent: {Credits(History.TotalCreditsSpent)}").ToString();
    }

    private static TimeSpan? DurationOf(BillingHistoryEntry e) => e.StartTime is { } s && e.EndTime is { } end && end >= s ? end - s : null;
}
