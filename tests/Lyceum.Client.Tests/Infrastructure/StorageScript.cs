using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Lyceum.Client.Tests.Infrastructure;

/// <summary>Server-side storage behaviour for transfer tests: uploads are streamed through MD5 and discarded,
/// downloads are served from a file.</summary>
public static class StorageScript
{
    public sealed record Received(string? FormKey, string? QueryKey, string? FileName, long Size, string Md5);

    /// <summary>Reads a multipart upload without buffering it; answers <c>{key,size,etag}</c> (or a wrong etag when asked).</summary>
    public static Func<HttpContext, Task> Upload(List<Received> received, bool wrongEtag = false) => async ctx =>
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(ctx.Request.ContentType).Boundary).Value!;
        var reader = new MultipartReader(boundary, ctx.Request.Body);
        string? formKey = null, fileName = null;
        long size = 0;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[256 * 1024];
        while (await reader.ReadNextSectionAsync(ctx.RequestAborted) is { } section)
        {
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            if (disposition.Name.Value == "key")
            {
                formKey = await new StreamReader(section.Body).ReadToEndAsync(ctx.RequestAborted);
                continue;
            }

            fileName = disposition.FileName.Value;
            int n;
            while ((n = await section.Body.ReadAsync(buffer, ctx.RequestAborted)) > 0)
            {
                md5.AppendData(buffer, 0, n);
                size += n;
            }
        }

        var hex = Convert.ToHexStringLower(md5.GetCurrentHash());
        lock (received)
            received.Add(new Received(formKey, ctx.Request.Query["key"], fileName, size, hex));
        var etag = wrongEtag ? new string('0', 32) : hex;
        await ScriptedServer.Reply(ctx, 200, $$"""{"key":"{{formKey}}","size":{{size}},"etag":"\"{{etag}}\"","message":"uploaded"}""");
    };

    /// <summary>Serves a file's bytes with Content-Length, an MD5 etag (or the given one) and Last-Modified.</summary>
    public static Func<HttpContext, Task> Download(string path, string? etag = null) => async ctx =>
    {
        etag ??= Md5Of(path);
        ctx.Response.ContentType = "application/octet-stream";
        ctx.Response.ContentLength = new FileInfo(path).Length;
        ctx.Response.Headers.ETag = $"\"{etag}\"";
        ctx.Response.Headers.LastModified = "Sat, 28 Nov 2026 10:00:00 GMT";
        await ctx.Response.SendFileAsync(path, ctx.RequestAborted);
    };

    public static string Md5Of(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(file));
    }
}
