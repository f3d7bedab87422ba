namespace Lyceum.Client;

/// <summary>The run ended. Always the last event of a stream, and sent exactly once.</summary>
/// <param name="Status">The terminal state (see <see cref="ExecutionStates"/>).</param>
/// <param name="ReturnCode">The process exit code, when known.</param>
/// <param name="Error">The platform's or the user's error text, when there is one.</param>
/// <param name="Duration">How long the run took, when the service says.</param>
public sealed record ExecutionFinished(string Status, int? ReturnCode, string? Error, TimeSpan? Duration) : ExecutionEvent
{
    /// <summary>True when the run completed successfully.</summary>
    public bool Succeeded => Status == ExecutionStates.Completed;

    /// <summary>True when some output may be missing: the stream broke where the service could not resume it and the
    /// run's final record could not give the rest per stream kind, or a resumed stream skipped sequence numbers.</summary>
    public bool OutputMayBeIncomplete { get; init; }
}
