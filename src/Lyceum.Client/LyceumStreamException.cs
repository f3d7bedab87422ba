namespace Lyceum.Client;

/// <summary>An output stream broke and could neither be resumed nor its end learned from the status endpoint.
/// The message says what was lost.</summary>
public sealed class LyceumStreamException : LyceumException
{
    /// <summary>Creates the exception.</summary>
    public LyceumStreamException(string executionId, long lastSeq, int receivedChunks, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExecutionId = executionId;
        LastSeq = lastSeq;
        ReceivedChunks = receivedChunks;
    }

    /// <summary>The run whose stream broke.</summary>
    public string ExecutionId { get; }

    /// <summary>The last sequence number received (0 when none).</summary>
    public long LastSeq { get; }

    /// <summary>How many output fragments were delivered before the loss.</summary>
    public int ReceivedChunks { get; }
}
