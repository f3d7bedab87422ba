using System.Text;
using Lyceum.Client;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;
using static Lyceum.Interactive.Formatting.LyceumHtml;
using static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;

namespace Lyceum.Interactive.Formatting;

/// <summary>What <c>#!lyceum runs</c> shows: the account's live runs.</summary>
/// <param name="Runs">The live runs.</param>
[TypeFormatterSource(typeof(LyceumFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record WorkloadListView(IReadOnlyList<Workload> Runs) : ILyceumView
{
    IHtmlContent ILyceumView.ToHtml() => Container(
        div[@class: "title"]($"Live runs ({Runs.Count})"),
        Runs.Count == 0
            ? div[@class: "muted"]("Nothing is running.")
            : table(
                thead(tr(th("Run"), th("Status"), th("Machine"), th("Name"), th("Submitted"))),
                tbody(Runs.Select(r => tr(td(code(r.ExecutionId)), td(StatusBadge(r.Status)), td(r.HardwareProfile ?? ""), td(r.FileName ?? ""), td(Time(r.CreatedAt)))))),
        Runs.Count == 0 ? "" : div[@class: "muted"]("Follow one with #!lyceum attach ID, stop one with #!lyceum abort ID."));

    string ILyceumView.ToText()
    {
        var text = new StringBuilder($"Live runs ({Runs.Count})");
        foreach (var r in Runs)
            text.AppendLine().Append($"  {r.ExecutionId}  {StateName(r.Status)}  {r.HardwareProfile}  {r.FileName}  {Time(r.CreatedAt)}");
        return text.ToString();
    }
}
