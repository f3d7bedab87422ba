using System.Globalization;
using System.Security.Claims;
using System.Text;
using Lyceum.Local.Auth;
using Lyceum.Local.Data;
using Lyceum.Local.Errors;
using Lyceum.Local.Requests;
using Lyceum.Local.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Lyceum.Local.Endpoints;

/// <summary>/storage: upload, list, download (with Range), delete, delete-folder; credentials for the S3 endpoint.</summary>
internal static class StorageEndpoints
{
    public static IEndpointRouteBuilder MapStorageEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/storage").RequireAuthorization().WithMetadata(new RateLimitCategory("file storage"));
        group.MapPost("/upload", UploadAsync);
        group.MapGet("/list-files", ListAsync);
        group.MapGet("/download/{**key}", Download);
        group.MapDelete("/delete/{**key}", DeleteAsync);
        group.MapDelete("/delete-folder/{**prefix}", DeleteFolderAsync);
        group.MapPost("/credentials", S3.CredentialsEndpoint.IssueAsync);
        return api;
    }

    private static async Task<Results<Ok<UploadResponse>, JsonHttpResult<ApiError>>> UploadAsync(
        HttpRequest request, ClaimsPrincipal user, FileStore files, CancellationToken cancellationToken)
    {
        var accountId = user.AccountId();
        var queryKey = request.Query.ContainsKey("key") ? request.Query["key"].ToString() : null;
        if (queryKey is not null && StorageKey.Problem(queryKey) is { } queryProblem)
            return LyceumErrors.InvalidStorageKey("key", queryProblem);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Length == 0)
            return LyceumErrors.Create(400, "validation_error", "Send the file as multipart/form-data with a part named 'file' (and optionally a 'key' field).",
                [new FieldError("file", "Expected a multipart/form-data body")]);

        string? temp = null;
        // IOExceptions while reading the parts are the body's fault (MultipartReader reports a truncated body that way);
        // writes to disk are wrapped in CopyAsync, and the commit comes after reading.
        var reading = true;
        try
        {
            var reader = new MultipartReader(HeaderUtilities.RemoveQuotes(mediaType.Boundary).ToString(),
                new GuardedBody(request.Body, request.HttpContext.RequestAborted)) { BodyLengthLimit = null };
            string? formKey = null, fileName = null, etag = null;
            ulong crc64Nvme = 0;
            long size = 0;
            using var reservation = files.Reserve(accountId);
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                    continue;
                if (disposition.IsFileDisposition() && temp is null)
                {
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).ToString();
                    temp = files.NewTempFile();
                    (size, etag, crc64Nvme) = await CopyAsync(section.Body, temp, reservation, cancellationToken);
                    if (etag is null)
                        return LyceumErrors.QuotaExceeded(files.QuotaBytes);
                }
                else if (disposition.IsFormDisposition() && HeaderUtilities.RemoveQuotes(disposition.Name).Equals("key", StringComparison.Ordinal))
                {
                    var (fieldKey, keyProblem) = await ReadKeyFieldAsync(section.Body, cancellationToken);
                    if (keyProblem is not null)
                        return LyceumErrors.InvalidStorageKey("key", keyProblem);
                    formKey = fieldKey;
                }
            }
            if (temp is null)
                return LyceumErrors.Invalid("file", "Required field missing: add a multipart part named 'file'");
            var key = queryKey ?? (string.IsNullOrEmpty(formKey) ? fileName : formKey);
            if (StorageKey.Problem(key) is { } problem)
                return LyceumErrors.InvalidStorageKey("key", problem);
            reading = false;
            if (!await files.CommitAsync(reservation, key!, temp, etag!, crc64Nvme, cancellationToken: cancellationToken))
                return LyceumErrors.KeyConflict(key!);
            temp = null;
            return TypedResults.Ok(new UploadResponse(key!, size, etag!, "File uploaded successfully"));
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException || ex is IOException && reading)
        {
            // The reader's own words may quote the body; the answer says what to do, nothing about this host.
            return LyceumErrors.Create(400, "validation_error", "The multipart body could not be read; send a well-formed multipart/form-data body.",
                [new FieldError("file", "Malformed multipart body")]);
        }
        finally
        {
            if (temp is not null && File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>
    /// The <c>key</c> field as UTF-8, strictly: no byte-order-mark sniffing (a leading FF FE must not turn the key into
    /// UTF-16, and EF BB BF stays part of the name, as S3 keeps it), and invalid bytes are refused instead of replaced.
    /// </summary>
    private static async Task<(string? Key, string? Problem)> ReadKeyFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        var bytes = new byte[StorageKey.MaxBytes + 1];
        var length = await body.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken);
        if (length > StorageKey.MaxBytes)
            return (null, $"the key is longer than {StorageKey.MaxBytes} UTF-8 bytes");
        try
        {
            return (StrictUtf8.GetString(bytes, 0, length), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, "the key is not valid UTF-8; send the key field as UTF-8 text");
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Copies the part to the temporary file, hashing as it goes (MD5 etag, CRC-64/NVME); stops (etag null) once the quota
    /// does not cover it.
    /// </summary>
    private static async Task<(long Size, string? Etag, ulong Crc64Nvme)> CopyAsync(Stream source, string path, QuotaReservation reservation, CancellationToken cancellationToken)
    {
        using var digest = new ObjectDigest();
        await using var target = PrivateFiles.Open(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        var buffer = new byte[64 * 1024];
        long size = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            size += read;
            if (!await reservation.TryCoverAsync(size, cancellationToken))
                return (size, null, 0);
            digest.Append(buffer.AsSpan(0, read));
            try
            {
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            catch (IOException ex)
            {
                // The disk, not the body: a server failure (logged), not the caller's 400.
                throw new InvalidOperationException("The upload could not be written to the data dir.", ex);
            }
        }
        await target.FlushAsync(cancellationToken);
        return (size, digest.Md5Hex(), digest.Crc64Nvme());
    }

    private static async Task<Results<Ok<List<FileResponse>>, JsonHttpResult<ApiError>>> ListAsync(
        HttpRequest request, ClaimsPrincipal user, FileStore files, CancellationToken cancellationToken)
    {
        var prefix = request.Query["prefix"].ToString();
        var maxText = request.Query["max_files"].ToString();
        var max = 1000;
        if (maxText.Length > 0 && (!int.TryParse(maxText, NumberStyles.Integer, CultureInfo.InvariantCulture, out max) || max < 1 || max > 100_000))
            return LyceumErrors.Invalid("max_files", "Expected a whole number between 1 and 100000");
        if (prefix.Any(char.IsControl) || prefix.Contains('\\') || prefix.Split('/').Contains(".."))
            return LyceumErrors.Invalid("prefix", "The prefix must not contain control characters, backslashes or '..' segments");
        var objects = await files.ListAsync(user.AccountId(), prefix, max, cancellationToken);
        return TypedResults.Ok(objects.Select(o => new FileResponse(o.Key, o.Size, o.LastModified, o.Etag)).ToList());
    }

    private static Results<PhysicalFileHttpResult, JsonHttpResult<ApiError>> Download(string key, HttpRequest request, ClaimsPrincipal user, FileStore files)
    {
        key = RawKey.From(request, "/storage/download/", key);
        if (StorageKey.Problem(key) is { } problem)
            return LyceumErrors.InvalidStorageKey("key", problem);
        var path = files.PathOf(user.AccountId(), key);
        if (!File.Exists(path))
            return LyceumErrors.FileNotFound(key);
        // Only byte ranges exist (RFC 9110 §14.1): a Range in any other unit is ignored and the whole object sent with 200, as S3 does.
        return TypedResults.PhysicalFile(path, "application/octet-stream", lastModified: File.GetLastWriteTimeUtc(path),
            enableRangeProcessing: IsByteRangeOrNone(request));
    }

    private static bool IsByteRangeOrNone(HttpRequest request) =>
        request.Headers.Range.Count == 0
        || (RangeHeaderValue.TryParse(request.Headers.Range.ToString(), out var range) && string.Equals(range.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase));

    private static async Task<Results<Ok<MessageResponse>, JsonHttpResult<ApiError>>> DeleteAsync(
        string key, HttpRequest request, ClaimsPrincipal user, FileStore files, CancellationToken cancellationToken)
    {
        key = RawKey.From(request, "/storage/delete/", key);
        if (StorageKey.Problem(key) is { } problem)
            return LyceumErrors.InvalidStorageKey("key", problem);
        return await files.DeleteAsync(user.AccountId(), key, cancellationToken)
            ? TypedResults.Ok(new MessageResponse($"File '{key}' deleted"))
            : LyceumErrors.FileNotFound(key);
    }

    private static async Task<Results<Ok<MessageResponse>, JsonHttpResult<ApiError>>> DeleteFolderAsync(
        string? prefix, HttpRequest request, ClaimsPrincipal user, FileStore files, CancellationToken cancellationToken)
    {
        // An empty prefix would mean the whole bucket: refused with the documented error shape, not a bare binding 400.
        var folder = RawKey.From(request, "/storage/delete-folder/", prefix ?? "").TrimEnd('/');
        if (StorageKey.Problem(folder) is { } problem)
            return LyceumErrors.InvalidStorageKey("prefix", problem);
        var deleted = await files.DeleteFolderAsync(user.AccountId(), folder, cancellationToken);
        return deleted == 0
            ? LyceumErrors.FolderNotFound(folder)
            : TypedResults.Ok(new MessageResponse($"Deleted {deleted} file(s) under '{folder}/'"));
    }
}
