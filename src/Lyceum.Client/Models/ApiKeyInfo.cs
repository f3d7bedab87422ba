namespace Lyceum.Client;

/// <summary>An API key as listed (the secret itself is only shown once, at creation).</summary>
/// <param name="Id">The key's id.</param>
/// <param name="KeyName">Its name.</param>
/// <param name="KeyPrefix">The first characters of the key, for recognising it.</param>
/// <param name="IsActive">Whether it is accepted.</param>
/// <param name="LastUsedAt">When it was last used.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ExpiresAt">When it expires, if ever.</param>
public sealed record ApiKeyInfo(string Id, string KeyName, string KeyPrefix, bool IsActive, DateTimeOffset? LastUsedAt, DateTimeOffset? CreatedAt, DateTimeOffset? ExpiresAt);
