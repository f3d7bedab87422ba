namespace Lyceum.Local.S3;

/// <summary>What POST /storage/credentials hands out once: the secret parts exist only here and in the caller's hands.</summary>
internal sealed record IssuedCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration);
