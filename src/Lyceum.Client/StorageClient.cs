using System.Buffers;
using System.Net.Http.Headers;
using Lyceum.Client.Http;
using Lyceum.Client.Json;
using Lyceum.Client.Storage;

namespace Lyceum.Client;

/// <summary>The account's storage bucket: upload, list, download, delete. Transfers stream between disk and
/// network without holding whole files. Get it from <see cref="LyceumClient.Storage"/>.</summary>
public sealed class StorageClient
{
    private const int BufferSize = 256 * 1024;

    private readonly LyceumPipeline _pipeline;
    private readonly S3Transfers _s3;

    internal StorageClient(LyceumPipeline pipeline, LyceumClientOptions options)
    {
        _pipeline = pipeline;
        _s3 = new S3Transfers(GetCredentialsAsync, pipeline.Time, options.S3TransferThreshold, options.S3TransferConcurrency, pipeline.VerifyChecksums);
    }

    /// <summary>Uploads a local file; the key defaults to the file's name. Streams from disk; checks the stored size
    /// and MD5 etag. Files of at least <see cref="LyceumClientOptions.S3TransferThreshold"/> go straight to the bucket
    /// over S3 in parallel parts (each part's MD5 and the multipart ETag checked) when the service hands out storage
    /// credentials.</summary>
    public async Task<StorageObject> UploadAsync(string localPath, string? key = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localPath);
        if (!File.Exists(localPath))
            throw new FileNotFoundException($"There is no file at '{localPath}' to upload.", localPath);
        key ??= Path.GetFileName(localPath);
        PathSegment.EscapeKey(key, nameof(key));
        var reporter = new ProgressReporter(progress, new FileInfo(localPath).Length);
        if (await _s3.TryUploadAsync(localPath, key, reporter, cancellationToken).ConfigureAwait(false) is { } viaS3)
        {
            _pipeline.Telemetry.Transferred(_pipeline.Endpoint, "upload", key, viaS3.Size);
            return viaS3;
        }
        var file = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
            return await UploadCoreAsync(file, key, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Uploads the rest of a stream under a key. A seekable stream can be re-sent when the service asks
    /// for a retry (429/503); a non-seekable one cannot.</summary>
    public Task<StorageObject> UploadAsync(Stream content, string key, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead)
            throw new ArgumentException("The stream to upload cannot be read.", nameof(content));
        return UploadCoreAsync(content, key, progress, cancellationToken);
    }

    /// <summary>Lists files, optionally under a prefix.</summary>
    public async Task<IReadOnlyList<StorageObject>> ListAsync(string? prefix = null, int maxFiles = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFiles);
        var query = $"storage/list-files?prefix={Uri.EscapeDataString(prefix ?? "")}&max_files={maxFiles}";
        var files = await _pipeline.SendAsync(HttpMethod.Get, query, null, LyceumJsonContext.Default.ListStorageObjectWire, cancellationToken).ConfigureAwait(false);
        return files.Select(f => new StorageObject(f.Key, f.Size, f.LastModified, f.Etag?.Trim('"'))).ToList();
    }

    /// <summary>Downloads a file to a local path: written beside it under a temporary name, checked (size, MD5
    /// etag) and renamed into place; a failed download leaves nothing at the destination. Objects of at least
    /// <see cref="LyceumClientOptions.S3TransferThreshold"/> come over S3 in parallel ranges when the service hands out
    /// storage credentials.</summary>
    public async Task<StorageObject> DownloadAsync(string key, string destinationPath, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationPath);
        var destination = Path.GetFullPath(destinationPath);
        if (Directory.Exists(destination))
            throw new ArgumentException($"'{destinationPath}' is a directory; give the file path to download to.", nameof(destinationPath));
        var directory = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.lyceum-partial");
        try
        {
            if (await _s3.TryDownloadAsync(key, temporary, progress, cancellationToken).ConfigureAwait(false) is { } viaS3)
            {
                File.Move(temporary, destination, overwrite: true);
                _pipeline.Telemetry.Transferred(_pipeline.Endpoint, "download", key, viaS3.Size);
                return viaS3;
            }
            StorageObject result;
            var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                result = await DownloadCoreAsync(key, file, progress, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, destination, overwrite: true);
            return result;
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Downloads a file into a stream (checked for size and MD5 etag after the last byte; on a failed check
    /// the stream already holds the bad bytes and an <see cref="InvalidDataException"/> is thrown).</summary>
    public async Task DownloadToAsync(string key, Stream destination, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
            throw new ArgumentException("The destination stream cannot be written.", nameof(destination));
        await DownloadCoreAsync(key, destination, progress, cancellationToken).ConfigureAwait(false);
    }

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

    private async Task<StorageObject> UploadCoreAsync(Stream content, string key, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        PathSegment.EscapeKey(key, nameof(key));
        long? length = content.CanSeek ? content.Length - content.Position : null;
        var reporter = new ProgressReporter(progress, length);
        var source = new TransferStream(content, reporter, _pipeline.VerifyChecksums);
        try
        {
            return await UploadThroughAsync(source, key, length, reporter, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            source.Release();
        }
    }

    private async Task<StorageObject> UploadThroughAsync(TransferStream source, string key, long? length, ProgressReporter reporter, CancellationToken cancellationToken)
    {
        var file = new StreamContent(source, BufferSize);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(key), "key" },
            { file, "file", Path.GetFileName(key.TrimEnd('/')) is { Length: > 0 } name ? name : "file" },
        };
        var request = _pipeline.Request(HttpMethod.Post, "storage/upload?key=" + Uri.EscapeDataString(key.TrimStart('/')), form,
            RetryMode.OnlyIfNotActed);
        request.Options.Set(LyceumRequestOptions.Streaming, true);
        var answer = await _pipeline.SendAsync(request, LyceumJsonContext.Default.UploadResponse, cancellationToken).ConfigureAwait(false);
        reporter.Complete();
        _pipeline.Telemetry.Transferred(_pipeline.Endpoint, "upload", key, source.BytesRead);

        var etag = TransferChecks.NormalizeETag(answer.Etag);
        TransferChecks.VerifySize("upload", key, source.BytesRead, length);
        TransferChecks.VerifySize("stored copy", key, answer.Size ?? source.BytesRead, source.BytesRead);
        TransferChecks.VerifyMd5("stored copy", key, await source.Md5Async().ConfigureAwait(false), etag);
        return new StorageObject(answer.Key ?? key, answer.Size ?? source.BytesRead, null, etag);
    }

    private async Task<StorageObject> DownloadCoreAsync(string key, Stream destination, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var request = _pipeline.Request(HttpMethod.Get, "storage/download/" + PathSegment.EscapeKey(key, nameof(key)));
        request.Options.Set(LyceumRequestOptions.Streaming, true);
        using var response = await _pipeline.SendCheckedAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var expected = response.Content.Headers.ContentLength;
        var etag = TransferChecks.NormalizeETag(response.Headers.ETag?.Tag
            ?? (response.Headers.TryGetValues("ETag", out var raw) ? raw.FirstOrDefault() : null));
        var reporter = new ProgressReporter(progress, expected);
        using var md5 = _pipeline.VerifyChecksums && TransferChecks.IsMd5(etag) ? new PipelinedMd5() : null;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                int read;
                while ((read = await TransportFailures.ReadAsync(body, buffer.AsMemory(), request.RequestUri, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (md5 is not null)
                        await md5.AppendAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    total += read;
                    reporter.Advance(read);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        reporter.Complete();
        _pipeline.Telemetry.Transferred(_pipeline.Endpoint, "download", key, total);
        TransferChecks.VerifySize("download", key, total, expected);
        TransferChecks.VerifyMd5("download", key, md5 is null ? null : await md5.HashAsync().ConfigureAwait(false), etag);
        return new StorageObject(key, total, response.Content.Headers.LastModified, etag);
    }

    internal void Dispose() => _s3.Dispose();

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the partial file has a name no caller asked for.
        }
    }
}
