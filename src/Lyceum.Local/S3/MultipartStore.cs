using System.Security.Cryptography;
using Lyceum.Local.Data;

namespace Lyceum.Local.S3;

/// <summary>
/// Unfinished multipart uploads: rows in SQLite, parts as files in <c>DATA/multipart/UPLOAD/</c>, apart from the
/// storage folder, so nothing of an upload is visible until CompleteMultipartUpload renames the joined file into place.
/// </summary>
internal sealed class MultipartStore(Database db, string root)
{
    private const string UploadColumns = "upload_id, account_id, key, initiated";

    public async Task<MultipartUpload> CreateAsync(string accountId, string key, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var upload = new MultipartUpload(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), accountId, key, now);
        Directory.CreateDirectory(FolderOf(upload.UploadId));
        await db.ExecuteAsync("INSERT INTO s3_uploads (upload_id, account_id, key, initiated) VALUES ($UploadId, $AccountId, $Key, $Initiated)", upload, cancellationToken);
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
        db.QueryAsync("SELECT part_number, size, etag, last_modified FROM s3_parts WHERE upload_id = $uploadId ORDER BY part_number", new { uploadId },
            r => new MultipartPart(r.GetInt32(0), r.GetInt64(1), r.GetString(2), Database.ReadTime(r, "last_modified")!.Value), cancellationToken);

    public async Task<long> PendingBytesAsync(string accountId, CancellationToken cancellationToken = default) =>
        await db.ScalarAsync<long?>("SELECT SUM(p.size) FROM s3_parts p JOIN s3_uploads u ON u.upload_id = p.upload_id WHERE u.account_id = $accountId",
            new { accountId }, cancellationToken) ?? 0;

    public string FolderOf(string uploadId) => Path.Combine(root, uploadId);

    public string PartPath(string uploadId, int number) => Path.Combine(FolderOf(uploadId), $"part-{number:D5}");

    /// <summary>Where a part is received before it replaces the part of that number.</summary>
    public string NewPartTemp(string uploadId) => Path.Combine(FolderOf(uploadId), "receiving-" + Guid.NewGuid().ToString("N"));

    public async Task SavePartAsync(string uploadId, int number, string temp, long size, string etag, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        File.Move(temp, PartPath(uploadId, number), overwrite: true);
        await db.ExecuteAsync(
            "INSERT INTO s3_parts (upload_id, part_number, size, etag, last_modified) VALUES ($uploadId, $number, $size, $etag, $now) " +
            "ON CONFLICT(upload_id, part_number) DO UPDATE SET size = $size, etag = $etag, last_modified = $now",
            new { uploadId, number, size, etag, now }, cancellationToken);
    }

    public async Task DeleteAsync(string uploadId, CancellationToken cancellationToken = default)
    {
        await db.ExecuteAsync("DELETE FROM s3_uploads WHERE upload_id = $uploadId", new { uploadId }, cancellationToken);
        if (Directory.Exists(FolderOf(uploadId)))
            Directory.Delete(FolderOf(uploadId), recursive: true);
    }

    /// <summary>At start: removes half-received parts, and folders whose upload is gone (its account was deleted).</summary>
    public async Task CleanAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(root);
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

    private static MultipartUpload ReadUpload(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), Database.ReadTime(r, "initiated")!.Value);
}
