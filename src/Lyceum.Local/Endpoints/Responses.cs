namespace Lyceum.Local.Endpoints;

// The wire shapes of the answers; property names go out in snake_case.

internal sealed record MessageResponse(string Message);

internal sealed record PingResponse(string Status);

internal sealed record VersionResponse(string Version, string ApiVersion, string Server);

internal sealed record LoginResponse(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType, string UserId, string Email);

internal sealed record ApiKeyResponse(
    string Id, string KeyName, string KeyPrefix, bool IsActive, DateTimeOffset? LastUsedAt, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

internal sealed record CreatedApiKeyResponse(
    string ApiKey, string Id, string KeyName, string KeyPrefix, bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

internal sealed record HardwareResponse(IReadOnlyList<string> AvailableHardwareProfiles, IReadOnlyList<MachineResponse> Machines);

internal sealed record MachineResponse(string Name, decimal PricePerHour, bool Gpu);

internal sealed record MachineTypesResponse(IReadOnlyList<MachineTypeResponse> MachineTypes, int Count);

internal sealed record MachineTypeResponse(
    string HardwareProfile, string Name, decimal PricePerHour, string Currency, string BillingGranularity, bool Gpu, string? GpuModel, bool Available);

internal sealed record StartResponse(string ExecutionId, string Status, string StreamingUrl);

internal sealed record StatusResponse(
    string ExecutionId, string Status, string? Errors, string Kind, string ExecutionType, string HardwareProfile, string? FileName,
    string? DockerImageRef, DateTimeOffset CreatedAt, DateTimeOffset? StartTime, DateTimeOffset? EndTime, double ExecutionTime,
    int? ReturnCode, decimal Cost, bool Billed, int Timeout, long? LastSeq = null);

internal sealed record StopResponse(string ExecutionId, string Status, string Message);

internal sealed record WorkloadResponse(string ExecutionId, string Status, string? FileName, string HardwareProfile, string ExecutionType, DateTimeOffset CreatedAt);

internal sealed record UploadResponse(string Key, long Size, string Etag, string Message);

internal sealed record FileResponse(string Key, long Size, DateTimeOffset LastModified, string Etag);

internal sealed record HistoryResponse(IReadOnlyList<HistoryItem> Executions, int TotalExecutions, decimal TotalCreditsSpent, int Limit, int Offset);

internal sealed record HistoryItem(
    string ExecutionId, DateTimeOffset CreatedAt, string ExecutionType, string Status, string HardwareProfile, decimal Billed,
    DateTimeOffset? StartTime, DateTimeOffset? EndTime, string? FileName, double ExecutionTime);

internal sealed record CheckoutResponse(string CheckoutUrl, string SessionId);
