using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Lyceum.Benchmarks;

/// <summary>A bare Kestrel server on 127.0.0.1 for the client benchmarks: a prepared SSE body, the same messages over
/// a WebSocket, a streaming multipart upload sink and a file download, all under /api/v2/external.</summary>
internal sealed class ClientBenchServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ClientBenchServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public Uri Endpoint => new(BaseUrl, "/api/v2/external");

    /// <summary>Messages of the stream (each one JSON object) and the SSE body made of them.</summary>
    public IReadOnlyList<byte[]> Messages { get; init; } = [];

    public byte[] SseBody { get; init; } = [];

    /// <summary>The file served at /storage/download/*.</summary>
    public string? DownloadPath { get; set; }

    public string? DownloadEtag { get; set; }

    public static async Task<ClientBenchServer> StartAsync(IReadOnlyList<byte[]> messages, byte[] sseBody)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null;
            k.Limits.MinRequestBodyDataRate = null;
        });
        var app = builder.Build();
        var server = new ClientBenchServer(app) { Messages = messages, SseBody = sseBody };
        app.UseWebSockets();
        app.MapGet("/api/v2/external/execution/streaming/{id}", server.StreamAsync);
        app.MapPost("/api/v2/external/storage/upload", UploadAsync);
        app.MapGet("/api/v2/external/storage/download/{**key}", server.DownloadAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task StreamAsync(HttpContext ctx)
    {
        if (ctx.WebSockets.IsWebSocketRequest)
        {
            using var socket = await ctx.WebSockets.AcceptWebSocketAsync();
            foreach (var message in Messages)
                await socket.SendAsync(message, WebSocketMessageType.Text, true, ctx.RequestAborted);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", ctx.RequestAborted);
            return;
        }

        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.ContentLength = SseBody.Length;
        const int slice = 64 * 1024;
        for (var offset = 0; offset < SseBody.Length; offset += slice)
            await ctx.Response.Body.WriteAsync(SseBody.AsMemory(offset, Math.Min(slice, SseBody.Length - offset)), ctx.RequestAborted);
    }

    private static async Task UploadAsync(HttpContext ctx)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(ctx.Request.ContentType).Boundary).Value!;
        var reader = new MultipartReader(boundary, ctx.Request.Body);
        var key = "upload";
        long size = 0;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[256 * 1024];
        while (await reader.ReadNextSectionAsync(ctx.RequestAborted) is { } section)
        {
            if (ContentDispositionHeaderValue.Parse(section.ContentDisposition).Name.Value == "key")
            {
                key = await new StreamReader(section.Body).ReadToEndAsync(ctx.RequestAborted);
                continue;
            }

            int n;
            while ((n = await section.Body.ReadAsync(buffer, ctx.RequestAborted)) > 0)
            {
                md5.AppendData(buffer, 0, n);
                size += n;
            }
        }

        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture,
            $$"""{"key":"{{key}}","size":{{size}},"etag":"{{Convert.ToHexStringLower(md5.GetCurrentHash())}}"}"""));
    }

    private async Task DownloadAsync(HttpContext ctx)
    {
        ctx.Response.ContentType = "application/octet-stream";
        ctx.Response.ContentLength = new FileInfo(DownloadPath!).Length;
        if (DownloadEtag is not null)
            ctx.Response.Headers.ETag = $"\"{DownloadEtag}\"";
        await ctx.Response.SendFileAsync(DownloadPath!, ctx.RequestAborted);
    }
}
