using System.Text;
using Lyceum.Client;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;
using static Lyceum.Interactive.Formatting.LyceumHtml;
using static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;

namespace Lyceum.Interactive.Formatting;

/// <summary>What <c>#!lyceum files</c> shows: each file's key, size, modification time and etag, then the totals.</summary>
/// <param name="Prefix">The prefix listed, or null for the whole bucket.</param>
/// <param name="Files">The files.</param>
[TypeFormatterSource(typeof(LyceumFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record FileListView(string? Prefix, IReadOnlyList<StorageObject> Files) : ILyceumView
{
    /// <summary>The sum of the files' sizes.</summary>
    public long TotalBytes => Files.Sum(f => f.Size);

    private string Heading => Prefix is { Length: > 0 } ? $"Files under {Prefix}" : "Files in your Lyceum storage";

    IHtmlContent ILyceumView.ToHtml() => Container(
        div[@class: "title"](Heading),
        Files.Count == 0
            ? div[@class: "muted"]("No files. Upload one with #!lyceum upload PATH.")
            : table(
                thead(tr(th("Key"), th[@class: "num"]("Size"), th("Modified"), th("ETag"))),
                tbody(Files.Select(f => tr(td(code(f.Key)), td[@class: "num", title: $"{f.Size} bytes"](Size(f.Size)), td(Time(f.LastModified)), td[@class: "muted"](f.ETag ?? "")))),
                tfoot(tr(td($"{Files.Count} file{(Files.Count == 1 ? "" : "s")}"), td[@class: "num"](Size(TotalBytes)), td(), td()))));

    string ILyceumView.ToText()
    {
        var text = new StringBuilder(Heading).AppendLine();
        foreach (var f in Files)
            text.AppendLine($"  {f.Key}  {Size(f.Size)}  {Time(f.LastModified)}  {f.ETag}");
        return text.Append($"{Files.Count} file{(Files.Count == 1 ? "" : "s")}, {Size(TotalBytes)}").ToString();
    }
}
