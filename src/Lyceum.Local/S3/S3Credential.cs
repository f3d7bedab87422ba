namespace Lyceum.Local.S3;

/// <summary>A stored credential (no secret in it) and, when it was asked for with an API key, whether that key still works.</summary>
internal sealed record S3Credential(string AccessKeyId, string AccountId, string? ApiKeyId, DateTimeOffset ExpiresAt, bool ApiKeyUsable);
