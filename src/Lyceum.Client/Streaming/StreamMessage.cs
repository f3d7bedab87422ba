namespace Lyceum.Client.Streaming;

/// <summary>One decoded stream message and the sequence number it carried, if any.</summary>
internal readonly record struct StreamMessage(ExecutionEvent Event, long? Seq);
