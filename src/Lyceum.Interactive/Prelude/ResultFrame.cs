namespace Lyceum.Interactive.Prelude;

/// <summary>The value of the cell's last expression: becomes a ReturnValueProduced.</summary>
/// <param name="Data">MIME type → data.</param>
internal sealed record ResultFrame(IReadOnlyDictionary<string, string> Data) : MimeFrame(Data);
