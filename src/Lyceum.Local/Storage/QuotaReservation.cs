namespace Lyceum.Local.Storage;

/// <summary>
/// Space an upload in flight has claimed against its account's quota. It grows in steps as bytes arrive; every claim is
/// checked against the bytes on disk plus every other upload's claim under one lock, so concurrent uploads cannot pass
/// the quota together. Disposing gives back what was not committed.
/// </summary>
internal sealed class QuotaReservation(FileStore store, string accountId) : IDisposable
{
    /// <summary>Claims are made this large at a time (fewer walks of the account's folder), or what is left when less.</summary>
    private const long Step = 4 * 1024 * 1024;

    public string AccountId { get; } = accountId;

    /// <summary>Bytes claimed and not yet committed or given back.</summary>
    public long Reserved { get; private set; }

    /// <summary>Makes sure <paramref name="total"/> bytes are covered; false when the quota does not allow them.</summary>
    public bool TryCover(long total)
    {
        if (total <= Reserved)
            return true;
        var missing = total - Reserved;
        if (store.TryReserve(AccountId, Math.Max(missing, Step)))
            Reserved += Math.Max(missing, Step);
        else if (store.TryReserve(AccountId, missing))
            Reserved += missing;
        else
            return false;
        return true;
    }

    /// <summary>The claim is now bytes on disk (called by the store under its lock).</summary>
    internal void Committed() => Reserved = 0;

    public void Dispose()
    {
        if (Reserved > 0)
            store.Release(AccountId, Reserved);
        Reserved = 0;
    }
}
