using Lyceum.Client.Http;
using Lyceum.Client.Json;

namespace Lyceum.Client;

/// <summary>The account's storage bucket: upload, list, download, delete. Transfers stream between disk and
/// network without holding whole files. Get it from <see cref="LyceumClient.Storage"/>.</summary>
public sealed class StorageClient
{
    private readonly LyceumPipeline _pipeline;

    internal StorageClient(LyceumPipeline pipeline) => _pipeline = pipeline;

    /// <summary>Uploads a local file; the key defaults to the file's name.</summary>
    public Task<StorageObject> UploadAsync(string localPath, string? key = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        _ = _pipeline;
        throw new NotImplementedException();
    }

    /// <summary>Uploads the rest of a stream under a key.</summary>
    public Task<StorageObject> UploadAsync(Stream content, string key, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Lists files, optionally under a prefix.</summary>
    public async Task<IReadOnlyList<StorageObject>> ListAsync(string? prefix = null, int maxFiles = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFiles);
        var query = $"storage/list-files?prefix={Uri.EscapeDataString(prefix ?? "")}&max_files={maxFiles}";
        var files = await _pipeline.SendAsync(HttpMethod.Get, query, null, LyceumJsonContext.Default.ListStorageObjectWire, cancellationToken).ConfigureAwait(false);
        return files.Select(f => new StorageObject(f.Key, f.Size, f.LastModified, f.Etag?.Trim('"'))).ToList();
    }

    /// <summary>Downloads a file to a local path: written beside it under a temporary name, checked (size, MD5
    /// etag) and renamed into place; a failed download leaves nothing at the destination.</summary>
    public Task<StorageObject> DownloadAsync(string key, string destinationPath, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Downloads a file into a stream (checked for size and MD5 etag after the last byte).</summary>
    public Task DownloadToAsync(string key, Stream destination, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Deletes a file (404 when missing).</summary>
    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        _pipeline.SendAsync(HttpMethod.Delete, "storage/delete/" + PathSegment.EscapeKey(key, nameof(key)), null, cancellationToken);

    /// <summary>Deletes every file under a prefix (404 when nothing is there).</summary>
    public Task DeleteFolderAsync(string prefix, CancellationToken cancellationToken = default) =>
        _pipeline.SendAsync(HttpMethod.Delete, "storage/delete-folder/" + PathSegment.EscapeKey(prefix, nameof(prefix)), null, cancellationToken);

    /// <summary>Temporary S3 credentials for the bucket.</summary>
    public async Task<StorageCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var w = await _pipeline.SendAsync(HttpMethod.Post, "storage/credentials", null, LyceumJsonContext.Default.StorageCredentialsWire, cancellationToken,
            RetryMode.Idempotent).ConfigureAwait(false);
        return new StorageCredentials(w.AccessKey ?? w.AccessKeyId ?? "", w.SecretKey ?? w.SecretAccessKey ?? "", w.SessionToken, w.Endpoint, w.BucketName,
            w.Region ?? "us-east-1", w.ExpiresAt ?? w.Expiration);
    }
}
