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
    public required string StreamToken { get; init; }
    public string? ImageRef { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartTime { get; set; }
    public DateTimeOffset? EndTime { get; set; }
    public int? ReturnCode { get; set; }
    public string? Error { get; set; }
    public decimal Cost { get; set; }

    /// <summary>Seconds between start and end (or now, while running).</summary>
    public double ExecutionSeconds => StartTime is { } start ? ((EndTime ?? DateTimeOffset.UtcNow) - start).TotalSeconds : 0;

    /// <summary>Price per hour × billed seconds, seconds rounded up; the accrual while running, the charge once ended.</summary>
    public decimal AccruedCost => StartTime is null ? 0m : Math.Round(PricePerHour * (decimal)Math.Ceiling(ExecutionSeconds) / 3600m, 6);
}
