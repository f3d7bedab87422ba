using System.Text;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;
using static Lyceum.Interactive.Formatting.LyceumHtml;
using static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;

namespace Lyceum.Interactive.Formatting;

/// <summary>What <c>#!lyceum config</c> shows: the defaults later cells of a kernel use.</summary>
/// <param name="Kernel">The kernel the defaults belong to.</param>
/// <param name="Settings">Setting → value, in display order.</param>
[TypeFormatterSource(typeof(LyceumFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record ConfigView(string Kernel, IReadOnlyList<KeyValuePair<string, string>> Settings) : ILyceumView
{
    IHtmlContent ILyceumView.ToHtml() => Container(
        div[@class: "title"]("Defaults for #!", Kernel),
        table(tbody(Settings.Select(s => tr(th(s.Key), td(code(s.Value)))))));

    string ILyceumView.ToText()
    {
        var text = new StringBuilder($"Defaults for #!{Kernel}");
        foreach (var (key, value) in Settings)
            text.AppendLine().Append($"  {key}: {value}");
        return text.ToString();
    }
}
