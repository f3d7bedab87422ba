namespace Lyceum.Client;

/// <summary>One billed run.</summary>
/// <param name="ExecutionId">The run's id.</param>
/// <param name="CreatedAt">When it was submitted.</param>
/// <param name="ExecutionType">The machine type asked for.</param>
/// <param name="Status">How it ended.</param>
/// <param name="HardwareProfile">The machine it ran on.</param>
/// <param name="Billed">Credits charged.</param>
/// <param name="StartTime">When it started.</param>
/// <param name="EndTime">When it ended.</param>
/// <param name="FileName">The run's name.</param>
public sealed record BillingHistoryEntry(string ExecutionId, DateTimeOffset? CreatedAt, string? ExecutionType, string Status, string? HardwareProfile, decimal Billed, DateTimeOffset? StartTime, DateTimeOffset? EndTime, string? FileName);
