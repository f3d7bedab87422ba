namespace Lyceum.Local.S3;

/// <summary>
/// POST /storage/credentials: the documented names (<c>access_key_id</c>, <c>secret_access_key</c>, <c>expiration</c>)
/// and the older ones (<c>access_key</c>, <c>secret_key</c>, <c>expires_at</c>) side by side, as clients read either.
/// </summary>
internal sealed record CredentialsResponse(
    string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration,
    string Endpoint, string BucketName, string Region,
    string AccessKey, string SecretKey, DateTimeOffset ExpiresAt);
