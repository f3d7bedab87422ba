using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;
using static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;

namespace Lyceum.Interactive.Formatting;

/// <summary>A one-line confirmation ("Deleted data/a.csv"), with an optional detail line.</summary>
/// <param name="Message">What happened.</param>
/// <param name="Detail">More about it, shown smaller.</param>
[TypeFormatterSource(typeof(LyceumFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record NoticeView(string Message, string? Detail = null) : ILyceumView
{
    IHtmlContent ILyceumView.ToHtml() => LyceumHtml.Container(
        div(Message),
        Detail is null ? "" : div[@class: "muted"](Detail));

    string ILyceumView.ToText() => Detail is null ? Message : Message + "\n" + Detail;
}
