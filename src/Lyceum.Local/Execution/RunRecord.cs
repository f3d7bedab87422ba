namespace Lyceum.Local.Execution;

/// <summary>One run as stored: what was asked, its state, timings and cost.</summary>
internal sealed class RunRecord
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required string Kind { get; init; }
    public required string Status { get; set; }
    public string? FileName { get; init; }
    public required string ExecutionType { get; init; }
    public required decimal PricePerHour { get; init; }
    public required int Timeout { get; init; }
    /// <summary>The run's stream token in clear: known only to the server that made it, to hand out its streaming_url once.</summary>
    public string StreamToken { get; init; } = "";

    /// <summary>The SHA-256 of the stream token, what the database keeps (a stolen database copy gives no stream access).</summary>
    public required string StreamTokenHash { get; init; }

    /// <summary>The process group of the run's current process (its id), while it runs; recovery kills what is left of it.</summary>
    public int? ProcessGroup { get; set; }
    public string? ImageRef { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartTime { get; set; }
    public DateTimeOffset? EndTime { get; set; }
    public int? ReturnCode { get; set; }
    public string? Error { get; set; }
    public decimal Cost { get; set; }

    /// <summary>The server's clock, for the seconds of a run still going (not stored).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Seconds between start and end (or now, while running).</summary>
    public double ExecutionSeconds => StartTime is { } start ? ((EndTime ?? Clock.GetUtcNow()) - start).TotalSeconds : 0;

    /// <summary>Price per hour × billed seconds, seconds rounded up; the accrual while running, the charge once ended.</summary>
    public decimal AccruedCost => StartTime is null ? 0m : Math.Round(PricePerHour * (decimal)Math.Ceiling(ExecutionSeconds) / 3600m, 6);
}
