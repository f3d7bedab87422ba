namespace Lyceum.Interactive.Prelude;

/// <summary>One piece of a run's stdout as <see cref="FrameDecoder"/> separates it: text or a frame.</summary>
internal abstract record StdoutPiece;
