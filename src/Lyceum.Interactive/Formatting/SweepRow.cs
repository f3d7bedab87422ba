namespace Lyceum.Interactive.Formatting;

/// <summary>One run of a sweep, as its card row shows it.</summary>
public sealed record SweepRow
{
    /// <summary>The run's position in the sweep (1-based, as shown).</summary>
    public required int Number { get; init; }

    /// <summary>Its parameters as typed, e.g. <c>lr=0.1, batch=32</c>.</summary>
    public required string Parameters { get; init; }

    /// <summary>Its state: waiting, starting, queued, running, completed, failed, aborted, not started, …</summary>
    public string State { get; init; } = "waiting";

    /// <summary>How the state reads for people, when it differs from <see cref="State"/> (e.g. "failed: your code exited with 1").</summary>
    public string? StateText { get; init; }

    /// <summary>The run's id, once started.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>How long it has run (or ran).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>What it cost (the service's figure once it ended, else price × time so far).</summary>
    public decimal? Cost { get; init; }

    /// <summary>The value of the cell's last expression.</summary>
    public string? Result { get; init; }

    /// <summary>The last line of the error, for a run that failed.</summary>
    public string? Error { get; init; }

    /// <summary>The run's own output (stdout and stderr as they came), for the collapsed section under the table.</summary>
    public string Output { get; init; } = "";

    /// <summary>True once the run has ended.</summary>
    public bool Ended { get; init; }
}
