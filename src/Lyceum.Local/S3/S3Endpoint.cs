using Lyceum.Local.Hosting;

namespace Lyceum.Local.S3;

/// <summary>
/// Where the S3 API is reached (<c>PUBLIC-BASE/s3</c>, path-style) and how buckets are named: one per account,
/// <c>lyceum-</c> followed by the account id. The address comes from the server's configured base, never a Host header.
/// </summary>
internal sealed class S3Endpoint(PublicAddress address, TimeProvider time, TimeSpan credentialLifetime)
{
    public const string PathPrefix = "/s3";
    public const string Region = "us-east-1";
    private const string BucketPrefix = "lyceum-";

    /// <summary>The endpoint users configure: <c>--public-url</c> (or the listening address) followed by <c>/s3</c>.</summary>
    public Uri Url => new(address.For(PathPrefix));

    public TimeProvider Time { get; } = time;

    public TimeSpan CredentialLifetime { get; } = credentialLifetime;

    public static string BucketOf(string accountId) => BucketPrefix + accountId.Replace('_', '-').ToLowerInvariant();

    /// <summary>The account a bucket name would belong to (it may not exist).</summary>
    public static string? AccountOf(string bucket) =>
        bucket.StartsWith(BucketPrefix + "acct-", StringComparison.Ordinal) ? "acct_" + bucket[(BucketPrefix.Length + 5)..] : null;
}
