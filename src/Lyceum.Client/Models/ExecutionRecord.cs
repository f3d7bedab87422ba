namespace Lyceum.Client;

/// <summary>The whole record of one run: state, timings, cost and output.</summary>
/// <param name="ExecutionId">The run's id.</param>
/// <param name="Status">Its state.</param>
public sealed record ExecutionRecord(string ExecutionId, string Status)
{
    /// <summary>The machine type asked for.</summary>
    public string? ExecutionType { get; init; }

    /// <summary>The machine it ran on.</summary>
    public string? HardwareProfile { get; init; }

    /// <summary>The run's name.</summary>
    public string? FileName { get; init; }

    /// <summary>When it was submitted.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When it started running.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>Run time in seconds.</summary>
    public double? ExecutionTime { get; init; }

    /// <summary>Credits charged.</summary>
    public decimal? Cost { get; init; }

    /// <summary>The exit code.</summary>
    public int? ReturnCode { get; init; }

    /// <summary>Error text.</summary>
    public string? Errors { get; init; }

    /// <summary>The run's output text, when the service keeps it (stdout and stderr together).</summary>
    public string? Output { get; init; }

    /// <summary>The run's standard output alone, when the service keeps it apart.</summary>
    public string? Stdout { get; init; }

    /// <summary>The run's standard error alone, when the service keeps it apart.</summary>
    public string? Stderr { get; init; }
}
