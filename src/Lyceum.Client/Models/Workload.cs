namespace Lyceum.Client;

/// <summary>A live run, as listed by the workloads endpoint.</summary>
/// <param name="ExecutionId">The run's id.</param>
/// <param name="Status">Its state.</param>
/// <param name="FileName">Its name.</param>
/// <param name="HardwareProfile">The machine it runs on.</param>
/// <param name="CreatedAt">When it was started.</param>
public sealed record Workload(string ExecutionId, string Status, string? FileName, string? HardwareProfile, DateTimeOffset? CreatedAt);
