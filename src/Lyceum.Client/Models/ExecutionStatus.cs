namespace Lyceum.Client;

/// <summary>A run's current state.</summary>
/// <param name="ExecutionId">The run's id.</param>
/// <param name="Status">Its state (see <see cref="ExecutionStates"/>).</param>
public sealed record ExecutionStatus(string ExecutionId, string Status)
{
    /// <summary>Error text, when the run failed.</summary>
    public string? Errors { get; init; }

    /// <summary>Run time in seconds, when known.</summary>
    public double? ExecutionTime { get; init; }

    /// <summary>Credits charged, when known.</summary>
    public decimal? Cost { get; init; }

    /// <summary>The exit code, when known.</summary>
    public int? ReturnCode { get; init; }

    /// <summary>A message from the service (e.g. after abort).</summary>
    public string? Message { get; init; }

    /// <summary>The <c>seq</c> of the run's latest stream message, when the service says (Lyceum Local does): a
    /// silent stream whose reader has less than this is dead.</summary>
    public long? LastSeq { get; init; }

    /// <summary>True when the run has ended.</summary>
    public bool IsTerminal => ExecutionStates.IsTerminal(Status);
}
