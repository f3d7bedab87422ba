namespace Lyceum.Local.Data;

/// <summary>A stored API key: only its hash and a short prefix, never the key.</summary>
internal sealed record ApiKeyRecord(
    string Id, string AccountId, string KeyName, string KeyPrefix, bool IsActive,
    DateTimeOffset? LastUsedAt, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);
