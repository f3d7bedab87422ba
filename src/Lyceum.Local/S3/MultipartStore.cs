using System.Security.Cryptography;
using Lyceum.Local.Data;
using Lyceum.Shared;

namespace Lyceum.Local.S3;

/// <summary>
/// Unfinished multipart uploads: rows in SQLite, bytes in <c>DATA/multipart/UPLOAD/</c>, apart from the storage folder,
/// so nothing of an upload is visible until CompleteMultipartUpload moves it into place.
/// </summary>
/// <remarks>
/// Clients send equal parts but the last, so parts are written straight into one data file, part N at (N − 1) × the
/// upload's part size: completing such an upload is a rename, not a copy of every byte. A part that does not fit that
/// layout (a size the request does not declare, larger than the layout's, a second upload of a number already stored,
/// which must not touch the stored bytes until it is checked) gets a file of its own, and completing joins by copying.
/// </remarks>
internal sealed class MultipartStore(Database db, string root)
{
    /// <summary>The smallest part but the last; also the smallest part that may set an upload's layout.</summary>
    public const long MinPartSize = 5L * 1024 * 1024;

    /// <summary>Data files stay below this (ext4 allows 16 TiB); parts beyond it get files of their own.</summary>
    private const long MaxDataFileBytes = 1L << 40;

    private const string UploadColumns = "upload_id, account_id, key, initiated, part_size, checksum_algorithm";

    private readonly Lock _slots = new();
    private readonly Dictionary<string, HashSet<int>> _writing = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sealed = new(StringComparer.Ordinal);

    public async Task<MultipartUpload> CreateAsync(string accountId, string key, string? checksumAlgorithm, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var upload = new MultipartUpload(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), accountId, key, now, ChecksumAlgorithm: checksumAlgorithm);
        PrivateFiles.CreateFolder(FolderOf(upload.UploadId));
        await db.ExecuteAsync("INSERT INTO s3_uploads (upload_id, account_id, key, initiated, checksum_algorithm) VALUES ($UploadId, $AccountId, $Key, $Initiated, $ChecksumAlgorithm)",
            upload, cancellationToken);
        return upload;
    }

    /// <summary>The caller's upload of that key, or NoSuchUpload.</summary>
    public async Task<MultipartUpload> FindAsync(string accountId, string key, string? uploadId, CancellationToken cancellationToken = default) =>
        await db.QuerySingleAsync($"SELECT {UploadColumns} FROM s3_uploads WHERE upload_id = $uploadId AND account_id = $accountId AND key = $key",
            new { uploadId, accountId, key }, ReadUpload, cancellationToken)
        ?? throw S3Errors.NoSuchUpload(uploadId ?? "");

    public Task<List<MultipartUpload>> ListAsync(string accountId, CancellationToken cancellationToken = default) =>
        db.QueryAsync($"SELECT {UploadColumns} FROM s3_uploads WHERE account_id = $accountId ORDER BY key, initiated", new { accountId }, ReadUpload, cancellationToken);

    public Task<List<MultipartPart>> PartsAsync(string uploadId, CancellationToken cancellationToken = default) =>
        db.QueryAsync("SELECT part_number, size, etag, last_modified, data_offset, crc64nvme FROM s3_parts WHERE upload_id = $uploadId ORDER BY part_number", new { uploadId },
            r => new MultipartPart(r.GetInt32(0), r.GetInt64(1), r.GetString(2), Database.ReadTime(r, "last_modified")!.Value, r.IsDBNull(4) ? null : r.GetInt64(4),
                Database.ReadUInt64(r, 5)),
            cancellationToken);

    /// <summary>Bytes of the account's stored parts: they count against its quota until the upload is completed or aborted.</summary>
    public async Task<long> PendingBytesAsync(string accountId, CancellationToken cancellationToken = default) =>
        await db.ScalarAsync<long?>("SELECT SUM(p.size) FROM s3_parts p JOIN s3_uploads u ON u.upload_id = p.upload_id WHERE u.account_id = $accountId",
            new { accountId }, cancellationToken) ?? 0;

    public string FolderOf(string uploadId) => Path.Combine(root, uploadId);

    public string PartPath(string uploadId, int number) => Path.Combine(FolderOf(uploadId), $"part-{number:D5}");

    public string DataPath(string uploadId) => Path.Combine(FolderOf(uploadId), "data");

    /// <summary>Where part <paramref name="number"/> is received: its slot in the data file when it fits, else a file of its own.</summary>
    public async Task<PartTarget> OpenPartAsync(MultipartUpload upload, int number, long? declaredLength, CancellationToken cancellationToken = default)
    {
        var partSize = upload.PartSize;
        if (partSize is null && declaredLength >= MinPartSize)
        {
            // The first full-sized part to arrive lays the file out; a concurrent one that lost the race reads the winner's.
            await db.ExecuteAsync("UPDATE s3_uploads SET part_size = $declaredLength WHERE upload_id = $UploadId AND part_size IS NULL",
                new { declaredLength, upload.UploadId }, cancellationToken);
            partSize = await db.ScalarAsync<long?>("SELECT part_size FROM s3_uploads WHERE upload_id = $UploadId", new { upload.UploadId }, cancellationToken);
        }
        var offset = (number - 1) * partSize;
        if (partSize is not null && declaredLength is { } length && length <= partSize && offset + length <= MaxDataFileBytes
            && await db.ScalarAsync<long>("SELECT COUNT(*) FROM s3_parts WHERE upload_id = $UploadId AND part_number = $number",
                new { upload.UploadId, number }, cancellationToken) == 0
            && TryTakeSlot(upload.UploadId, number))
        {
            try
            {
                var data = PrivateFiles.Open(DataPath(upload.UploadId), FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite, 0, useAsync: true);
                data.Position = offset!.Value;
                return new PartTarget(data, offset, length, null, () => FreeSlot(upload.UploadId, number));
            }
            catch
            {
                FreeSlot(upload.UploadId, number);
                throw;
            }
        }
        var own = Path.Combine(FolderOf(upload.UploadId), "receiving-" + Guid.NewGuid().ToString("N"));
        return new PartTarget(PrivateFiles.Open(own, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, useAsync: true), null, null, own, () => { });
    }

    /// <summary>Records a received and checked part (replacing one of the same number); its bytes count from now on.</summary>
    public async Task SavePartAsync(string uploadId, int number, PartTarget target, long size, string etag, ulong crc64Nvme, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        await target.Stream.DisposeAsync();
        if (target.OwnFile is not null)
            File.Move(target.OwnFile, PartPath(uploadId, number), overwrite: true);
        else
            File.Delete(PartPath(uploadId, number)); // an older attempt of this number that had a file of its own
        await db.ExecuteAsync(
            "INSERT INTO s3_parts (upload_id, part_number, size, etag, last_modified, data_offset, crc64nvme) VALUES ($uploadId, $number, $size, $etag, $now, $offset, $crc64Nvme) " +
            "ON CONFLICT(upload_id, part_number) DO UPDATE SET size = $size, etag = $etag, last_modified = $now, data_offset = $offset, crc64nvme = $crc64Nvme",
            new { uploadId, number, size, etag, now, offset = target.DataOffset, crc64Nvme }, cancellationToken);
    }

    /// <summary>
    /// The data file, cut to the object's length, when <paramref name="chosen"/> are parts 1…N lying in it back to back and
    /// no part is being written into it; from then on no part is. Null when the parts must be joined by copying.
    /// </summary>
    public string? SealAsObject(MultipartUpload upload, IReadOnlyList<MultipartPart> chosen)
    {
        var partSize = chosen[0].Size;
        for (var i = 0; i < chosen.Count; i++)
            if (chosen[i].Number != i + 1 || chosen[i].DataOffset != i * partSize || (i < chosen.Count - 1 && chosen[i].Size != partSize))
                return null;
        lock (_slots)
        {
            if (_writing.ContainsKey(upload.UploadId))
                return null;
            _sealed.Add(upload.UploadId);
        }
        var data = DataPath(upload.UploadId);
        using (var handle = File.OpenHandle(data, FileMode.Open, FileAccess.Write))
            RandomAccess.SetLength(handle, chosen.Sum(p => p.Size));
        return data;
    }

    /// <summary>Copies a stored part to <paramref name="target"/>.</summary>
    public Task CopyPartAsync(string uploadId, MultipartPart part, Stream target, CancellationToken cancellationToken = default) =>
        ReadPartAsync(uploadId, part, target.WriteAsync, cancellationToken);

    /// <summary>The part's CRC-64/NVME: the one computed on receipt, or for a part an older version received, read back from disk.</summary>
    public async Task<ulong> Crc64NvmeAsync(string uploadId, MultipartPart part, CancellationToken cancellationToken = default)
    {
        if (part.Crc64Nvme is { } known)
            return known;
        var crc = Crc64Nvme.Create();
        await ReadPartAsync(uploadId, part, (chunk, _) =>
        {
            crc.Append(chunk.Span);
            return ValueTask.CompletedTask;
        }, cancellationToken);
        return crc.GetCurrentHashAsUInt64();
    }

    private async Task ReadPartAsync(string uploadId, MultipartPart part, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> consume, CancellationToken cancellationToken)
    {
        await using var source = new FileStream(part.DataOffset is null ? PartPath(uploadId, part.Number) : DataPath(uploadId),
            FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 0, useAsync: true);
        source.Position = part.DataOffset ?? 0;
        var buffer = new byte[1024 * 1024];
        for (var left = part.Size; left > 0;)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken);
            if (read == 0)
                throw new IOException($"Part {part.Number} of upload {uploadId} is shorter on disk than recorded.");
            await consume(buffer.AsMemory(0, read), cancellationToken);
            left -= read;
        }
    }

    /// <summary>Forgets the upload's rows: its parts stop counting against the quota.</summary>
    public Task ForgetAsync(string uploadId, CancellationToken cancellationToken = default) =>
        db.ExecuteAsync("DELETE FROM s3_uploads WHERE upload_id = $uploadId", new { uploadId }, cancellationToken);

    /// <summary>Removes what is left of an upload on disk.</summary>
    public void RemoveFolder(string uploadId)
    {
        if (Directory.Exists(FolderOf(uploadId)))
            Directory.Delete(FolderOf(uploadId), recursive: true);
        lock (_slots)
            _sealed.Remove(uploadId);
    }

    public async Task DeleteAsync(string uploadId, CancellationToken cancellationToken = default)
    {
        await ForgetAsync(uploadId, cancellationToken);
        RemoveFolder(uploadId);
    }

    /// <summary>Every unfinished upload of an account that is being deleted, rows and bytes.</summary>
    public async Task DeleteAccountAsync(string accountId, CancellationToken cancellationToken = default)
    {
        foreach (var upload in await ListAsync(accountId, cancellationToken))
            await DeleteAsync(upload.UploadId, cancellationToken);
    }

    /// <summary>At start: removes half-received parts, and folders whose upload is gone (its account was deleted).</summary>
    public async Task CleanAsync(CancellationToken cancellationToken = default)
    {
        PrivateFiles.CreateFolder(root);
        var live = (await db.QueryAsync("SELECT upload_id FROM s3_uploads", null, r => r.GetString(0), cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            if (!live.Contains(Path.GetFileName(folder)))
                Directory.Delete(folder, recursive: true);
            else
                foreach (var partial in Directory.EnumerateFiles(folder, "receiving-*"))
                    File.Delete(partial);
        }
    }

    private bool TryTakeSlot(string uploadId, int number)
    {
        lock (_slots)
        {
            if (_sealed.Contains(uploadId))
                return false;
            if (!_writing.TryGetValue(uploadId, out var numbers))
                _writing[uploadId] = numbers = [];
            return numbers.Add(number);
        }
    }

    private void FreeSlot(string uploadId, int number)
    {
        lock (_slots)
            if (_writing.TryGetValue(uploadId, out var numbers) && numbers.Remove(number) && numbers.Count == 0)
                _writing.Remove(uploadId);
    }

    private static MultipartUpload ReadUpload(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), Database.ReadTime(r, "initiated")!.Value, r.IsDBNull(4) ? null : r.GetInt64(4), Database.ReadString(r, "checksum_algorithm"));
}
