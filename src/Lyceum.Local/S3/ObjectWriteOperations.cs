using Lyceum.Local.Data;
using Lyceum.Local.Storage;
using static Lyceum.Local.S3.S3Xml;

namespace Lyceum.Local.S3;

/// <summary>PutObject, CopyObject, DeleteObject, DeleteObjects: through the file store's temporary-file-then-rename commit.</summary>
internal static class ObjectWriteOperations
{
    private const int MaxDeleteKeys = 1000;

    public static async Task PutAsync(HttpContext context, S3Request request, S3Caller caller, S3Services services)
    {
        var cancellationToken = context.RequestAborted;
        using var reservation = services.Files.Reserve(caller.AccountId);
        var temp = services.Files.NewTempFile();
        try
        {
            ReceivedBody body;
            await using (var target = PrivateFiles.Open(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, useAsync: true))
                body = await S3Upload.ReceiveAsync(context.Request, caller, target, S3Upload.Within(reservation, services.Files.QuotaBytes, null, cancellationToken),
                    checksumHeadersDescribeBody: true, cancellationToken);
            if (!await services.Files.CommitAsync(reservation, request.Key, temp, body.Md5, body.Crc64Nvme, cancellationToken: cancellationToken))
                throw S3Errors.KeyConflict(request.Key);
            S3Upload.AnswerEtag(context, body);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public static async Task CopyAsync(HttpContext context, S3Request request, S3Caller caller, S3Services services)
    {
        var cancellationToken = context.RequestAborted;
        var source = Uri.UnescapeDataString(context.Request.Headers["x-amz-copy-source"].ToString());
        var question = source.IndexOf('?');
        if (question >= 0)
            source = source[..question];
        source = source.TrimStart('/');
        var slash = source.IndexOf('/');
        if (slash <= 0)
            throw S3Errors.InvalidArgument("x-amz-copy-source must be BUCKET/KEY.");
        var (bucket, key) = (source[..slash], source[(slash + 1)..]);
        if (bucket != caller.Bucket)
            throw S3Errors.OtherBucket(bucket);
        if (StorageKey.Problem(key) is { } problem)
            throw S3Errors.InvalidKey(key, problem);
        var item = await services.Files.StatAsync(caller.AccountId, key, cancellationToken) ?? throw S3Errors.NoSuchKey(key);
        using var reservation = services.Files.Reserve(caller.AccountId);
        if (!await reservation.TryCoverAsync(item.Size, cancellationToken))
            throw S3Errors.QuotaExceeded(services.Files.QuotaBytes);
        var temp = services.Files.NewTempFile();
        try
        {
            File.Copy(services.Files.PathOf(caller.AccountId, key), temp);
            if (!await services.Files.CommitAsync(reservation, request.Key, temp, item.Etag, item.Crc64Nvme, cancellationToken: cancellationToken))
                throw S3Errors.KeyConflict(request.Key);
        }
        finally
        {
            File.Delete(temp);
        }
        var copied = await services.Files.StatAsync(caller.AccountId, request.Key, cancellationToken);
        await WriteAsync(context.Response, E("CopyObjectResult", E("LastModified", Time(copied!.LastModified)), E("ETag", Quoted(copied.Etag))));
    }

    /// <summary>204 whether or not the key existed, as S3 answers.</summary>
    public static async Task DeleteAsync(HttpContext context, S3Request request, S3Caller caller, S3Services services)
    {
        await services.Files.DeleteAsync(caller.AccountId, request.Key, context.RequestAborted);
        context.Response.StatusCode = 204;
    }

    public static async Task DeleteManyAsync(HttpContext context, S3Caller caller, S3Services services)
    {
        var cancellationToken = context.RequestAborted;
        var body = await S3Upload.ReceiveXmlAsync(context.Request, caller, checksumHeadersDescribeBody: true, cancellationToken);
        var objects = Children(body, "Object").ToList();
        if (objects.Count > MaxDeleteKeys)
            throw S3Errors.MalformedXml($"at most {MaxDeleteKeys} keys can be deleted at once");
        var quiet = string.Equals(Child(body, "Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var result = E("DeleteResult");
        foreach (var item in objects)
        {
            var key = Child(item, "Key") ?? "";
            if (StorageKey.Problem(key) is { } problem)
            {
                result.Add(E("Error", E("Key", key), E("Code", "InvalidArgument"), E("Message", $"Object key not accepted: {problem}.")));
                continue;
            }
            await services.Files.DeleteAsync(caller.AccountId, key, cancellationToken);
            if (!quiet)
                result.Add(E("Deleted", E("Key", key)));
        }
        await WriteAsync(context.Response, result);
    }
}
