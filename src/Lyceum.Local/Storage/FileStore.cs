using Lyceum.Local.Data;

namespace Lyceum.Local.Storage;

/// <summary>
/// Files on disk, one folder per account (what image runs see at /mnt/s3); uploads go to a temporary file first and are
/// renamed into place, so a killed upload never leaves a partial object. MD5 etags and CRC-64/NVME checksums are cached in
/// SQLite, computed while the bytes arrive.
/// </summary>
internal sealed class FileStore(Database db, string storageRoot, string tempRoot, long quotaBytes, Func<string, CancellationToken, Task<long>> pendingBytes)
{
    // Decisions (a claim checked against the quota) and settlements (bytes moved to where the quota counts them, the claim
    // ended) take turns, so no check sees bytes counted nowhere; giving a claim back only frees room and needs no turn.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Lock _claims = new();
    private readonly Dictionary<string, long> _inFlight = new(StringComparer.Ordinal);

    public long QuotaBytes => quotaBytes;

    /// <summary>A claim on the account's quota for an upload in flight (see <see cref="QuotaReservation"/>).</summary>
    public QuotaReservation Reserve(string accountId) => new(this, accountId);

    /// <summary>
    /// Claims <paramref name="bytes"/> when the account's files, the parts of its unfinished multipart uploads and every
    /// claim in flight leave room for them.
    /// </summary>
    internal async Task<bool> TryReserveAsync(string accountId, long bytes, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            var used = UsedBytes(accountId) + await pendingBytes(accountId, cancellationToken);
            lock (_claims)
            {
                var claimed = _inFlight.GetValueOrDefault(accountId);
                if (used + claimed + bytes > quotaBytes)
                    return false;
                _inFlight[accountId] = claimed + bytes;
                return true;
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    internal void Release(string accountId, long bytes)
    {
        lock (_claims)
        {
            var left = _inFlight.GetValueOrDefault(accountId) - bytes;
            if (left > 0)
                _inFlight[accountId] = left;
            else
                _inFlight.Remove(accountId);
        }
    }

    /// <summary>
    /// Runs <paramref name="settle"/>, which puts the reservation's bytes where the quota counts them (a file moved into
    /// place, a multipart part recorded), and ends the claim, as one step no quota check can see half of.
    /// </summary>
    public async Task SettleAsync(QuotaReservation reservation, Func<Task> settle, CancellationToken cancellationToken = default)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            await settle();
            Release(reservation.AccountId, reservation.Reserved);
            reservation.Settled();
        }
        finally
        {
            _turn.Release();
        }
    }

    public string AccountFolder(string accountId) => Path.Combine(storageRoot, accountId);

    public string PathOf(string accountId, string key) => StorageKey.PathUnder(AccountFolder(accountId), key);

    public string NewTempFile()
    {
        PrivateFiles.CreateFolder(tempRoot);
        return Path.Combine(tempRoot, "upload-" + Guid.NewGuid().ToString("N"));
    }

    public long UsedBytes(string accountId)
    {
        var folder = AccountFolder(accountId);
        return Directory.Exists(folder)
            ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
            : 0;
    }

    /// <summary>
    /// Moves a finished temporary file into place; false when the key collides with a folder or a file on its path.
    /// <paramref name="etag"/> and <paramref name="crc64Nvme"/> are the file's, computed as it was received.
    /// <paramref name="alsoSettle"/> runs in the same step (a completed multipart upload forgets its parts there, so its
    /// bytes are counted once, never twice or not at all).
    /// </summary>
    public async Task<bool> CommitAsync(QuotaReservation reservation, string key, string tempFile, string etag, ulong? crc64Nvme, Func<Task>? alsoSettle = null,
        CancellationToken cancellationToken = default)
    {
        var accountId = reservation.AccountId;
        var target = PathOf(accountId, key);
        if (Collides(accountId, key))
            return false;
        PrivateFiles.CreateFolder(Path.GetDirectoryName(target)!);
        await SettleAsync(reservation, async () =>
        {
            File.Move(tempFile, target, overwrite: true);
            if (alsoSettle is not null)
                await alsoSettle();
        }, cancellationToken);
        await RememberAsync(accountId, key, new FileInfo(target), etag, crc64Nvme, cancellationToken);
        return true;
    }

    /// <summary>True when the key is a folder, or a file lies on its path (<c>a</c> for <c>a/b</c>).</summary>
    public bool Collides(string accountId, string key)
    {
        var target = PathOf(accountId, key);
        return Directory.Exists(target) || AncestorIsFile(AccountFolder(accountId), target);
    }

    public async Task<List<StoredObject>> ListAsync(string accountId, string prefix, int max, CancellationToken cancellationToken = default)
    {
        var folder = AccountFolder(accountId);
        if (!Directory.Exists(folder))
            return [];
        var cached = (await db.QueryAsync("SELECT key, size, mtime, etag, crc64nvme FROM objects WHERE account_id = $accountId", new { accountId },
            r => (Key: r.GetString(0), Row: ReadCacheRow(r, 1)), cancellationToken))
            .ToDictionary(o => o.Key, o => o.Row, StringComparer.Ordinal);
        var files = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories)
            .Select(f => (File: f, Key: Path.GetRelativePath(folder, f.FullName).Replace(Path.DirectorySeparatorChar, '/')))
            .Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Take(max);
        var result = new List<StoredObject>();
        foreach (var (file, key) in files)
            result.Add(await DescribeAsync(accountId, key, file, cached.TryGetValue(key, out var known) ? known : (CacheRow?)null, cancellationToken));
        return result;
    }

    /// <summary>One object (size, time, etag, CRC-64/NVME), or null when no file has that key.</summary>
    public async Task<StoredObject?> StatAsync(string accountId, string key, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathOf(accountId, key));
        if (!file.Exists)
            return null;
        var cached = (await db.QueryAsync("SELECT size, mtime, etag, crc64nvme FROM objects WHERE account_id = $accountId AND key = $key", new { accountId, key },
            r => (CacheRow?)ReadCacheRow(r, 0), cancellationToken)).FirstOrDefault();
        return await DescribeAsync(accountId, key, file, cached, cancellationToken);
    }

    /// <summary>
    /// The cached etag and CRC while size and modification time still match, else a fresh MD5 and CRC-64/NVME from one read
    /// of the file (remembered). A row of an older version has no CRC: null until the file changes.
    /// </summary>
    private async Task<StoredObject> DescribeAsync(string accountId, string key, FileInfo file, CacheRow? cached, CancellationToken cancellationToken)
    {
        string etag;
        ulong? crc;
        if (cached is { } known && known.Size == file.Length && known.Mtime == file.LastWriteTimeUtc.Ticks)
            (etag, crc) = (known.Etag, known.Crc64Nvme);
        else
        {
            (etag, var fresh) = await ObjectDigest.OfFileAsync(file.FullName, cancellationToken);
            crc = fresh;
            await RememberAsync(accountId, key, file, etag, crc, cancellationToken);
        }
        return new StoredObject(key, file.Length, new DateTimeOffset(file.LastWriteTimeUtc), etag, crc);
    }

    public async Task<bool> DeleteAsync(string accountId, string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(accountId, key);
        if (!File.Exists(path))
            return false;
        File.Delete(path);
        PruneEmptyFolders(AccountFolder(accountId), Path.GetDirectoryName(path)!);
        await db.ExecuteAsync("DELETE FROM objects WHERE account_id = $accountId AND key = $key", new { accountId, key }, cancellationToken);
        return true;
    }

    /// <summary>Deletes every file under the folder <paramref name="prefix"/>; the number deleted.</summary>
    public async Task<int> DeleteFolderAsync(string accountId, string prefix, CancellationToken cancellationToken = default)
    {
        var folderPrefix = prefix.TrimEnd('/') + "/";
        var objects = await ListAsync(accountId, folderPrefix, int.MaxValue, cancellationToken);
        foreach (var item in objects)
            await DeleteAsync(accountId, item.Key, cancellationToken);
        return objects.Count;
    }

    public void DeleteAccount(string accountId)
    {
        var folder = AccountFolder(accountId);
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    /// <summary>Removes temporary files a killed server left behind.</summary>
    public void CleanTemp()
    {
        if (Directory.Exists(tempRoot))
            foreach (var file in Directory.EnumerateFiles(tempRoot))
                File.Delete(file);
    }

    private Task RememberAsync(string accountId, string key, FileInfo file, string etag, ulong? crc64Nvme, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "INSERT INTO objects (account_id, key, size, mtime, etag, crc64nvme) VALUES ($accountId, $key, $size, $mtime, $etag, $crc64Nvme) " +
            "ON CONFLICT(account_id, key) DO UPDATE SET size = $size, mtime = $mtime, etag = $etag, crc64nvme = $crc64Nvme",
            new { accountId, key, size = file.Length, mtime = file.LastWriteTimeUtc.Ticks, etag, crc64Nvme }, cancellationToken);

    /// <summary>size, mtime, etag, crc64nvme from <paramref name="first"/> on.</summary>
    private static CacheRow ReadCacheRow(Microsoft.Data.Sqlite.SqliteDataReader r, int first) =>
        new(r.GetInt64(first), r.GetInt64(first + 1), r.GetString(first + 2), Database.ReadUInt64(r, first + 3));

    /// <summary>A row of the <c>objects</c> cache: valid while the file keeps its size and modification time.</summary>
    private readonly record struct CacheRow(long Size, long Mtime, string Etag, ulong? Crc64Nvme);

    private static bool AncestorIsFile(string root, string target)
    {
        for (var dir = Path.GetDirectoryName(target); dir is not null && dir.Length > root.Length; dir = Path.GetDirectoryName(dir))
            if (File.Exists(dir))
                return true;
        return false;
    }

    private static void PruneEmptyFolders(string root, string folder)
    {
        for (var dir = folder; dir.Length > root.Length && Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any(); dir = Path.GetDirectoryName(dir)!)
            Directory.Delete(dir);
    }
}
