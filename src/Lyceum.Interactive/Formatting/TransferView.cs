using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;
using static Lyceum.Interactive.Formatting.LyceumHtml;
using static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;

namespace Lyceum.Interactive.Formatting;

/// <summary>The progress of an upload or download, shown once and updated in place.</summary>
/// <param name="Verb">Uploading, Uploaded, Downloading, Downloaded.</param>
/// <param name="Source">Where the bytes come from (a local path or a storage key).</param>
/// <param name="Destination">Where they go.</param>
/// <param name="Bytes">Bytes moved so far.</param>
/// <param name="Total">All bytes, when known.</param>
[TypeFormatterSource(typeof(LyceumFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record TransferView(string Verb, string Source, string Destination, long Bytes, long? Total) : ILyceumView
{
    /// <summary>The S3 multipart parts the transfer moves straight to or from the bucket, in parallel; null when it goes
    /// through the storage API as one stream.</summary>
    public int? Parts { get; init; }

    /// <summary>How many of the <see cref="Parts"/> are finished.</summary>
    public int PartsDone { get; init; }

    /// <summary>0–100, or null when the total is unknown.</summary>
    public int? Percent => Total is { } t ? (t <= 0 ? 100 : (int)Math.Clamp(Bytes * 100 / t, 0, 100)) : null;

    private string Amount => (Total is { } t ? $"{Size(Bytes)} of {Size(t)}" + (Percent is { } p ? $" ({p}%)" : "") : Size(Bytes)) + Route;

    // Where the bytes go: only an S3 transfer says so (the storage API is the usual way).
    private string Route => Parts is { } parts
        ? $" · over S3 in {parts} part{(parts == 1 ? "" : "s")}" + (PartsDone < parts ? $" ({PartsDone} done)" : "")
        : "";

    IHtmlContent ILyceumView.ToHtml() => Container(
        div(Verb, " ", code(Source), " → ", code(Destination)),
        Percent is { } p ? div[@class: "bar", title: $"{p}%"](div[style: $"width: {p}%"]()) : "",
        div[@class: "muted"](Amount));

    string ILyceumView.ToText() => $"{Verb} {Source} → {Destination}: {Amount}";
}
