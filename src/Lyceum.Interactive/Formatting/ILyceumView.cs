using Microsoft.AspNetCore.Html;

namespace Lyceum.Interactive.Formatting;

/// <summary>A view model that renders itself as HTML and as plain text (see <see cref="LyceumFormatterSource"/>).</summary>
internal interface ILyceumView
{
    /// <summary>The HTML, inside <see cref="LyceumHtml.Container"/>; every piece of data HTML-encoded.</summary>
    IHtmlContent ToHtml();

    /// <summary>The same content as plain text.</summary>
    string ToText();
}
