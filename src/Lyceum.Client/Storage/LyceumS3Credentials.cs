using Amazon.Runtime;

namespace Lyceum.Client.Storage;

/// <summary>
/// AWS credentials that come from <c>POST /storage/credentials</c> and are fetched again five minutes before they
/// expire, so a transfer that outlives one set of credentials keeps going.
/// </summary>
internal sealed class LyceumS3Credentials : RefreshingAWSCredentials
{
    private readonly Func<CancellationToken, Task<StorageCredentials>> _fetch;
    private readonly TimeProvider _time;

    public LyceumS3Credentials(StorageCredentials first, Func<CancellationToken, Task<StorageCredentials>> fetch, TimeProvider time)
    {
        _fetch = fetch;
        _time = time;
        PreemptExpiryTime = TimeSpan.FromMinutes(5);
        currentState = State(first);
    }

    protected override CredentialsRefreshState GenerateNewCredentials() =>
        Task.Run(() => GenerateNewCredentialsAsync()).GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync() =>
        State(await _fetch(CancellationToken.None).ConfigureAwait(false));

    private CredentialsRefreshState State(StorageCredentials credentials) => new(
        new ImmutableCredentials(credentials.AccessKey, credentials.SecretKey, credentials.SessionToken),
        (credentials.ExpiresAt ?? _time.GetUtcNow().AddHours(1)).UtcDateTime);
}
