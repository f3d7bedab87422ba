namespace Lyceum.Local.S3;

/// <summary>
/// Where the S3 API is reached (<c>PUBLIC-BASE/s3</c>, path-style) and how buckets are named: one per account,
/// <c>lyceum-</c> followed by the account id. The address comes from the server's configured base, never a Host header.
/// </summary>
internal sealed class S3Endpoint(TimeProvider time, TimeSpan credentialLifetime)
{
    public const string PathPrefix = "/s3";
    public const string Region = "us-east-1";
    private const string BucketPrefix = "lyceum-";

    /// <summary>Set once the server knows its public address.</summary>
    public Uri Url { get; set; } = new("http://127.0.0.1" + PathPrefix);

    public TimeProvider Time { get; } = time;

    public TimeSpan CredentialLifetime { get; } = credentialLifetime;

    public static string BucketOf(string accountId) => BucketPrefix + accountId.Replace('_', '-').ToLowerInvariant();

    /// <summary>The account a bucket name would belong to (it may not exist).</summary>
    public static string? AccountOf(string bucket) =>
        bucket.StartsWith(BucketPrefix + "acct-", StringComparison.Ordinal) ? "acct_" + bucket[(BucketPrefix.Length + 5)..] : null;

    /// <summary>The S3 endpoint for an API base such as <c>http://host:port/api/v2/external</c>.</summary>
    public static Uri For(Uri apiBase) => new(apiBase.GetLeftPart(UriPartial.Authority) + PathPrefix);
}
