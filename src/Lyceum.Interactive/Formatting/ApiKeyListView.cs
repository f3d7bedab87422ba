using System.Text;
using Lyceum.Client;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;
using static Lyceum.Interactive.Formatting.LyceumHtml;
using static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;

namespace Lyceum.Interactive.Formatting;

/// <summary>What <c>#!lyceum keys</c> shows: each API key's name, prefix (never the key), state and dates.</summary>
/// <param name="Keys">The account's keys.</param>
[TypeFormatterSource(typeof(LyceumFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record ApiKeyListView(IReadOnlyList<ApiKeyInfo> Keys) : ILyceumView
{
    IHtmlContent ILyceumView.ToHtml() => Container(
        div[@class: "title"]($"API keys ({Keys.Count})"),
        Keys.Count == 0
            ? div[@class: "muted"]("No API keys. Create one with #!lyceum keys --create NAME.")
            : table(
                thead(tr(th("Name"), th("Prefix"), th("State"), th("Created"), th("Last used"), th("Expires"), th("Id"))),
                tbody(Keys.Select(k => tr(
                    td(k.KeyName),
                    td(code(k.KeyPrefix + "…")),
                    td(span[@class: "badge " + (k.IsActive ? "ok" : "warn")](k.IsActive ? "active" : "off")),
                    td(Time(k.CreatedAt)),
                    td(Time(k.LastUsedAt)),
                    td(Time(k.ExpiresAt)),
                    td[@class: "muted"](code(k.Id)))))));

    string ILyceumView.ToText()
    {
        var text = new StringBuilder($"API keys ({Keys.Count})");
        foreach (var k in Keys)
            text.AppendLine().Append($"  {k.KeyName}  {k.KeyPrefix}…  {(k.IsActive ? "active" : "off")}  created {Time(k.CreatedAt)}  id {k.Id}");
        return text.ToString();
    }
}
