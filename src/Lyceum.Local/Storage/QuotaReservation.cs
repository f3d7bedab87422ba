namespace Lyceum.Local.Storage;

/// <summary>
/// Space an upload in flight has claimed against its account's quota, the one mechanism behind every write that adds
/// bytes (<c>/storage/upload</c>, S3 PutObject, UploadPart, CopyObject, CompleteMultipartUpload). It grows in steps as
/// bytes arrive; every claim is checked against the account's files, its unfinished multipart parts and every other
/// upload's claim in one step, so concurrent uploads cannot pass the quota together. Disposing gives back what was not
/// settled (a refused, failed or aborted upload).
/// </summary>
internal sealed class QuotaReservation(FileStore store, string accountId) : IDisposable
{
    /// <summary>Claims are made this large at a time (fewer walks of the account's folder), or what is left when less.</summary>
    private const long Step = 4 * 1024 * 1024;

    public string AccountId { get; } = accountId;

    /// <summary>Bytes claimed and not yet committed or given back.</summary>
    public long Reserved { get; private set; }

    /// <summary>Makes sure <paramref name="total"/> bytes are covered; false when the quota does not allow them.</summary>
    public ValueTask<bool> TryCoverAsync(long total, CancellationToken cancellationToken = default) =>
        total <= Reserved ? ValueTask.FromResult(true) : new(ClaimAsync(total - Reserved, cancellationToken));

    private async Task<bool> ClaimAsync(long missing, CancellationToken cancellationToken)
    {
        if (await store.TryReserveAsync(AccountId, Math.Max(missing, Step), cancellationToken))
            Reserved += Math.Max(missing, Step);
        else if (await store.TryReserveAsync(AccountId, missing, cancellationToken))
            Reserved += missing;
        else
            return false;
        return true;
    }

    /// <summary>The claim is now bytes the quota counts elsewhere (called by the store in its settling step).</summary>
    internal void Settled() => Reserved = 0;

    public void Dispose()
    {
        if (Reserved > 0)
            store.Release(AccountId, Reserved);
        Reserved = 0;
    }
}
