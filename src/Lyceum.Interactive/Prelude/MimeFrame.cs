using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Prelude;

/// <summary>A value shown in the cell, in every representation the remote object offered.</summary>
/// <param name="Data">MIME type → data: text as is, image/png and image/jpeg as base64 (as Jupyter sends them).</param>
internal abstract record MimeFrame(IReadOnlyDictionary<string, string> Data) : RemoteFrame
{
    // Richest first, the order notebook front ends prefer when several are present.
    private static readonly string[] Preference =
    [
        "text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "text/latex", "application/json", "text/plain",
    ];

    /// <summary>The plain-text representation (Python's repr).</summary>
    public string PlainText => Data.TryGetValue("text/plain", out var text) ? text : "";

    /// <summary>The representations as the notebook's formatted values, richest first.</summary>
    public IReadOnlyList<FormattedValue> ToFormattedValues() =>
        Data.OrderBy(d => Array.IndexOf(Preference, d.Key) is var i and >= 0 ? i : Preference.Length - 1)
            .Select(d => new FormattedValue(d.Key, d.Value))
            .ToList();
}
