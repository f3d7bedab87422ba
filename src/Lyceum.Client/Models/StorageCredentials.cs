namespace Lyceum.Client;

/// <summary>Temporary S3 credentials for the account's bucket.</summary>
/// <param name="AccessKey">The access key id.</param>
/// <param name="SecretKey">The secret access key. Never shown by <see cref="ToString"/>.</param>
/// <param name="SessionToken">The session token, if any. Never shown by <see cref="ToString"/>.</param>
/// <param name="Endpoint">The S3 endpoint URL.</param>
/// <param name="BucketName">The bucket.</param>
/// <param name="Region">The region (usually <c>us-east-1</c>).</param>
/// <param name="ExpiresAt">When the credentials expire.</param>
public sealed record StorageCredentials(string AccessKey, string SecretKey, string? SessionToken, string? Endpoint, string? BucketName, string? Region, DateTimeOffset? ExpiresAt)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"StorageCredentials {{ AccessKey = {AccessKey}, Endpoint = {Endpoint}, BucketName = {BucketName}, Region = {Region}, ExpiresAt = {ExpiresAt} }}";
}
