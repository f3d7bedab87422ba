using System.Security.Cryptography;
using Lyceum.Local.Data;

namespace Lyceum.Local.Storage;

/// <summary>
/// Files on disk, one folder per account (what image runs see at /mnt/s3); uploads go to a temporary file first and are
/// renamed into place, so a killed upload never leaves a partial object. MD5 etags are cached in SQLite.
/// </summary>
internal sealed class FileStore(Database db, string storageRoot, string tempRoot, long quotaBytes)
{
    private readonly Lock _quota = new();
    private readonly Dictionary<string, long> _inFlight = new(StringComparer.Ordinal);

    public long QuotaBytes => quotaBytes;

    /// <summary>A claim on the account's quota for an upload in flight (see <see cref="QuotaReservation"/>).</summary>
    public QuotaReservation Reserve(string accountId) => new(this, accountId);

    /// <summary>Claims <paramref name="bytes"/> when the files on disk plus every claim in flight leave room for them.</summary>
    internal bool TryReserve(string accountId, long bytes)
    {
        lock (_quota)
        {
            var claimed = _inFlight.GetValueOrDefault(accountId);
            if (UsedBytes(accountId) + claimed + bytes > quotaBytes)
                return false;
            _inFlight[accountId] = claimed + bytes;
            return true;
        }
    }

    internal void Release(string accountId, long bytes)
    {
        lock (_quota)
        {
            var left = _inFlight.GetValueOrDefault(accountId) - bytes;
            if (left > 0)
                _inFlight[accountId] = left;
            else
                _inFlight.Remove(accountId);
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
    /// Moves a finished temporary file into place for a caller that checked the quota itself (the S3 endpoint); false when
    /// the key collides with a folder or a file on its path.
    /// </summary>
    public async Task<bool> CommitAsync(string accountId, string key, string tempFile, long size, string etag, CancellationToken cancellationToken = default)
    {
        using var reservation = Reserve(accountId);
        return await CommitAsync(reservation, key, tempFile, etag, cancellationToken);
    }

    /// <summary>Moves a finished temporary file into place; false when the key collides with a folder or a file on its path.</summary>
    /// <remarks>The move and the end of the upload's claim happen under the quota lock: the bytes are counted once, on disk.</remarks>
    public async Task<bool> CommitAsync(QuotaReservation reservation, string key, string tempFile, string etag, CancellationToken cancellationToken = default)
    {
        var accountId = reservation.AccountId;
        var target = PathOf(accountId, key);
        if (Directory.Exists(target) || AncestorIsFile(AccountFolder(accountId), target))
            return false;
        PrivateFiles.CreateFolder(Path.GetDirectoryName(target)!);
        lock (_quota)
        {
            File.Move(tempFile, target, overwrite: true);
            var left = _inFlight.GetValueOrDefault(accountId) - reservation.Reserved;
            if (left > 0)
                _inFlight[accountId] = left;
            else
                _inFlight.Remove(accountId);
            reservation.Committed();
        }
        await RememberAsync(accountId, key, new FileInfo(target), etag, cancellationToken);
        return true;
    }

    public async Task<List<StoredObject>> ListAsync(string accountId, string prefix, int max, CancellationToken cancellationToken = default)
    {
        var folder = AccountFolder(accountId);
        if (!Directory.Exists(folder))
            return [];
        var cached = (await db.QueryAsync("SELECT key, size, mtime, etag FROM objects WHERE account_id = $accountId", new { accountId },
            r => (Key: r.GetString(0), Size: r.GetInt64(1), Mtime: r.GetInt64(2), Etag: r.GetString(3)), cancellationToken))
            .ToDictionary(o => o.Key, StringComparer.Ordinal);
        var files = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories)
            .Select(f => (File: f, Key: Path.GetRelativePath(folder, f.FullName).Replace(Path.DirectorySeparatorChar, '/')))
            .Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Take(max);
        var result = new List<StoredObject>();
        foreach (var (file, key) in files)
            result.Add(await DescribeAsync(accountId, key, file, cached.TryGetValue(key, out var known) ? (known.Size, known.Mtime, known.Etag) : null, cancellationToken));
        return result;
    }

    /// <summary>One object (size, time, etag), or null when no file has that key.</summary>
    public async Task<StoredObject?> StatAsync(string accountId, string key, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathOf(accountId, key));
        if (!file.Exists)
            return null;
        var cached = (await db.QueryAsync("SELECT size, mtime, etag FROM objects WHERE account_id = $accountId AND key = $key", new { accountId, key },
            r => ((long Size, long Mtime, string Etag)?)(r.GetInt64(0), r.GetInt64(1), r.GetString(2)), cancellationToken)).FirstOrDefault();
        return await DescribeAsync(accountId, key, file, cached, cancellationToken);
    }

    /// <summary>The cached etag while size and modification time still match, else a fresh MD5 (remembered).</summary>
    private async Task<StoredObject> DescribeAsync(string accountId, string key, FileInfo file, (long Size, long Mtime, string Etag)? cached, CancellationToken cancellationToken)
    {
        string etag;
        if (cached is { } known && known.Size == file.Length && known.Mtime == file.LastWriteTimeUtc.Ticks)
            etag = known.Etag;
        else
        {
            etag = await Md5Async(file.FullName, cancellationToken);
            await RememberAsync(accountId, key, file, etag, cancellationToken);
        }
        return new StoredObject(key, file.Length, new DateTimeOffset(file.LastWriteTimeUtc), etag);
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

    private Task RememberAsync(string accountId, string key, FileInfo file, string etag, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "INSERT INTO objects (account_id, key, size, mtime, etag) VALUES ($accountId, $key, $size, $mtime, $etag) ON CONFLICT(account_id, key) DO UPDATE SET size = $size, mtime = $mtime, etag = $etag",
            new { accountId, key, size = file.Length, mtime = file.LastWriteTimeUtc.Ticks, etag }, cancellationToken);

    private static async Task<string> Md5Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await MD5.HashDataAsync(stream, cancellationToken));
    }

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
