namespace Lyceum.Interactive.Prelude;

/// <summary>Text the cell printed, exactly as it was printed.</summary>
/// <param name="Text">The text; never empty.</param>
internal sealed record TextPiece(string Text) : StdoutPiece;
