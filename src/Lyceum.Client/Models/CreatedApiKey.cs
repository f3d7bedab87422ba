namespace Lyceum.Client;

/// <summary>A new API key, with its secret (shown this once).</summary>
/// <param name="ApiKey">The key itself (<c>lk_…</c>). Never shown by <see cref="ToString"/>.</param>
/// <param name="Id">The key's id.</param>
/// <param name="KeyName">Its name.</param>
/// <param name="KeyPrefix">The first characters of the key.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ExpiresAt">When it expires, if ever.</param>
public sealed record CreatedApiKey(string ApiKey, string Id, string KeyName, string KeyPrefix, DateTimeOffset? CreatedAt, DateTimeOffset? ExpiresAt)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"CreatedApiKey {{ Id = {Id}, KeyName = {KeyName}, KeyPrefix = {KeyPrefix}, CreatedAt = {CreatedAt}, ExpiresAt = {ExpiresAt} }}";
}
