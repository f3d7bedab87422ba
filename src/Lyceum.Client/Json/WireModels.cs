using System.Text.Json;

namespace Lyceum.Client.Json;

// Request and response bodies whose wire shape differs from the public models.

internal sealed record PythonRunBody(string Code, int Nbcode, string ExecutionType, int? Timeout, string? RequirementsContent,
    IReadOnlyList<string>? PriorImports, string? ImportFiles, string? FileName);

internal sealed record ImageRunBody(string DockerImageRef, IReadOnlyList<string>? DockerRunCmd, string? DockerRunEnv, string ExecutionType,
    int? Timeout, string? FileName, bool EnableS3Mount, string? DockerRegistryCredentialType, string? DockerUsername, string? DockerPassword,
    string? AwsAccessKeyId, string? AwsSecretAccessKey, string? AwsSessionToken, string? AwsRegion);

internal sealed record StartResponse(string? ExecutionId, string? Status, string? StreamingUrl, JsonElement? PythiaDecision);

internal sealed record LoginBody(string Email, string Password);

internal sealed record RefreshBody(string RefreshToken);

internal sealed record CreateKeyBody(string KeyName, DateTimeOffset? ExpiresAt);

internal sealed record CheckoutBody(decimal CreditsAmount, string SuccessUrl, string CancelUrl);

internal sealed record HardwareResponse(IReadOnlyList<string>? AvailableHardwareProfiles);

internal sealed record UploadResponse(string? Key, long? Size, string? Etag, string? Message);

internal sealed record StorageObjectWire(string Key, long Size, DateTimeOffset? LastModified, string? Etag);

internal sealed record StorageCredentialsWire(string? AccessKey, string? AccessKeyId, string? SecretKey, string? SecretAccessKey, string? SessionToken,
    string? Endpoint, string? BucketName, string? Region, DateTimeOffset? ExpiresAt, DateTimeOffset? Expiration);

internal sealed record ExecutionRecordWire(string? ExecutionId, string? Id, string? Status, string? ExecutionType, string? HardwareProfile, string? FileName,
    DateTimeOffset? CreatedAt, DateTimeOffset? StartTime, DateTimeOffset? EndTime, double? ExecutionTime, decimal? Cost, JsonElement? Billed,
    int? ReturnCode, JsonElement? Errors, JsonElement? Output, string? Stdout, string? Stderr);

internal sealed record ExecutionStatusWire(string? ExecutionId, string? Status, JsonElement? Errors, double? ExecutionTime, decimal? Cost,
    int? ReturnCode, string? Message, long? LastSeq);

internal sealed record PingResponse(string? Status);

internal sealed record VersionResponse(string? Version, string? ApiVersion);

internal sealed record CliConfig(string? ApiKey, string? BaseUrl, string? RefreshToken, string? AccessToken);
