namespace Lyceum.Interactive.Formatting;

/// <summary>One run of a sweep, as its card row shows it.</summary>
public sealed record SweepRow
{
    /// <summary>The run's position in the sweep (1-based, as shown).</summary>
    public required int Number { get; init; }

    /// <summary>Its parameters as typed, e.g. <c>lr=0.1, batch=32</c>.</summary>
    public required string Parameters { get; init; }

    /// <summary>Its state: waiting (for a place among the sweep's parallel runs), starting, queued (on the service),
    /// running, completed, failed, aborted, cancelled (never started), …</summary>
    public string State { get; init; } = "waiting";

    /// <summary>How the state reads for people, when it differs from <see cref="State"/> (e.g. "failed: your code exited with 1").</summary>
    public string? StateText { get; init; }

    /// <summary>The run's id, once started.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>How long it has run (or ran): time waiting or queued does not count.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>What it cost, as the service billed it once it ended.</summary>
    public decimal? Cost { get; init; }

    /// <summary>The machine's price × its time so far, while no bill is known (shown marked as an estimate).</summary>
    public decimal? CostEstimate { get; init; }

    /// <summary>The local file holding the run's whole output, once it passed what the card keeps.</summary>
    public string? LogFile { get; init; }

    /// <summary>The value of the cell's last expression.</summary>
    public string? Result { get; init; }

    /// <summary>The last line of the error, for a run that failed.</summary>
    public string? Error { get; init; }

    /// <summary>The run's own output (stdout and stderr as they came), for the collapsed section under the table.</summary>
    public string Output { get; init; } = "";

    /// <summary>True once the run has ended.</summary>
    public bool Ended { get; init; }
}
