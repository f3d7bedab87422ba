namespace Lyceum.Interactive.Prelude;

/// <summary>From <c>display(obj)</c> or a matplotlib figure: becomes a DisplayedValueProduced.</summary>
/// <param name="Data">MIME type → data.</param>
internal sealed record DisplayFrame(IReadOnlyDictionary<string, string> Data) : MimeFrame(Data);
