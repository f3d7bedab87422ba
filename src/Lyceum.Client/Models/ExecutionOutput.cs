namespace Lyceum.Client;

/// <summary>A fragment of output (not necessarily a whole line; may contain ANSI colour codes).</summary>
/// <param name="Text">The text.</param>
/// <param name="Stream">Whether it came from stdout or stderr.</param>
/// <param name="Seq">The service's sequence number (1, 2, …) when it sends one.</param>
/// <param name="Timestamp">The server time of the fragment when it sends one.</param>
public sealed record ExecutionOutput(string Text, OutputStreamKind Stream, long? Seq, DateTimeOffset? Timestamp) : ExecutionEvent;
