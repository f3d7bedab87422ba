using System.Security.Cryptography;
using Lyceum.Local.Storage;

namespace Lyceum.Local.S3;

/// <summary>
/// The S3 API at <c>/s3</c>, path-style: a branch of its own ahead of the JSON API's pipeline, so it has S3's XML errors,
/// SigV4 instead of bearer tokens, and is not counted against the API's rate-limit categories.
/// </summary>
internal static class S3Api
{
    public static IApplicationBuilder MapS3(this IApplicationBuilder app, Action<string> log) =>
        app.Map(S3Endpoint.PathPrefix, branch => branch.Run(context => HandleAsync(context, log)));

    private static async Task HandleAsync(HttpContext context, Action<string> log)
    {
        var requestId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        context.Response.Headers["x-amz-request-id"] = requestId;
        context.Response.Headers["x-amz-id-2"] = requestId;
        var request = S3Request.From(context);
        try
        {
            var services = S3Services.From(context);
            var caller = await services.Verifier.AuthenticateAsync(context.Request, request.FullPath, request.Query, context.RequestAborted);
            await DispatchAsync(context, request, caller, services);
        }
        catch (S3Exception error)
        {
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }
            context.Response.Headers.Remove("ETag");
            context.Response.Headers.Remove("Last-Modified");
            CloseIfBodyUnread(context);
            await S3Xml.WriteErrorAsync(context, error, request.FullPath, requestId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            CloseIfBodyUnread(context);
            log($"S3 internal error on {context.Request.Method} {request.Bucket}: {ex.GetType().Name}: {ex.Message}");
            await S3Xml.WriteErrorAsync(context, new S3Exception(500, "InternalError", "We encountered an internal error. Please try again."), request.FullPath, requestId);
        }
    }

    /// <summary>
    /// A client that sent <c>Expect: 100-continue</c> and got an error instead never sends the body; keeping the
    /// connection would make the server read the next request's first bytes as that body, so it is closed.
    /// </summary>
    private static void CloseIfBodyUnread(HttpContext context)
    {
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            context.Response.Headers.Connection = "close";
    }

    private static async Task DispatchAsync(HttpContext context, S3Request request, S3Caller caller, S3Services services)
    {
        var method = context.Request.Method;
        if (request.Bucket.Length == 0)
        {
            if (!HttpMethods.IsGet(method))
                throw S3Errors.MethodNotAllowed(method);
            await BucketOperations.ListBucketsAsync(context, caller, services);
            return;
        }
        if (request.Bucket != caller.Bucket)
            throw S3Endpoint.AccountOf(request.Bucket) is { } owner && await services.Accounts.FindAsync(owner, context.RequestAborted) is not null
                ? S3Errors.OtherBucket(request.Bucket)
                : S3Errors.NoSuchBucket(request.Bucket);

        if (request.Query.FirstOrDefault(p => Unsupported.Contains(p.Key)) is { Key: { } subresource })
            throw S3Errors.NotImplemented($"the '{subresource}' subresource");
        if (request.Key.Length == 0)
        {
            var bucketOperation = (method, request) switch
            {
                ("HEAD", _) => BucketOperations.HeadBucket(context),
                ("GET", var r) when r.Has("location") => BucketOperations.LocationAsync(context),
                ("GET", var r) when r.Has("uploads") => MultipartOperations.ListUploadsAsync(context, request, caller, services),
                ("GET", _) => BucketOperations.ListObjectsAsync(context, request, caller, services),
                ("POST", var r) when r.Has("delete") => ObjectWriteOperations.DeleteManyAsync(context, caller, services),
                ("PUT", _) => throw S3Errors.BucketAlreadyOwned(request.Bucket),
                _ => throw S3Errors.NotImplemented($"{method} on a bucket with ?{string.Join('&', request.Query.Select(p => p.Key))}"),
            };
            await bucketOperation;
            return;
        }

        if (StorageKey.Problem(request.Key) is { } problem)
            throw S3Errors.InvalidKey(request.Key, problem);
        var copy = context.Request.Headers.ContainsKey("x-amz-copy-source");
        var objectOperation = (method, request) switch
        {
            ("GET", var r) when r.Has("uploadId") => MultipartOperations.ListPartsAsync(context, request, caller, services),
            ("GET", _) => ObjectReadOperations.GetAsync(context, request, caller, services, head: false),
            ("HEAD", _) => ObjectReadOperations.GetAsync(context, request, caller, services, head: true),
            ("PUT", var r) when r.Has("uploadId") && copy => throw S3Errors.NotImplemented("UploadPartCopy"),
            ("PUT", var r) when r.Has("uploadId") => MultipartOperations.UploadPartAsync(context, request, caller, services),
            ("PUT", _) when copy => ObjectWriteOperations.CopyAsync(context, request, caller, services),
            ("PUT", _) => ObjectWriteOperations.PutAsync(context, request, caller, services),
            ("POST", var r) when r.Has("uploads") => MultipartOperations.CreateAsync(context, request, caller, services),
            ("POST", var r) when r.Has("uploadId") => MultipartOperations.CompleteAsync(context, request, caller, services),
            ("DELETE", var r) when r.Has("uploadId") => MultipartOperations.AbortAsync(context, request, caller, services),
            ("DELETE", _) => ObjectWriteOperations.DeleteAsync(context, request, caller, services),
            _ => throw S3Errors.NotImplemented($"{method} on an object with ?{string.Join('&', request.Query.Select(p => p.Key))}"),
        };
        await objectOperation;
    }

    /// <summary>Subresources S3 has and Lyceum Local does not serve: answered NotImplemented rather than mistaken for a plain read or write.</summary>
    private static readonly HashSet<string> Unsupported =
    [
        "acl", "tagging", "versioning", "versions", "versionId", "policy", "cors", "lifecycle", "website", "encryption", "logging", "notification",
        "replication", "retention", "legal-hold", "object-lock", "torrent", "restore", "select", "attributes", "accelerate", "requestPayment",
        "analytics", "inventory", "metrics", "ownershipControls", "publicAccessBlock", "intelligent-tiering", "policyStatus",
    ];
}
