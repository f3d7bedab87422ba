using System.Globalization;
using System.Net.ServerSentEvents;
using System.Net.WebSockets;
using System.Text;
using Lyceum.Local.Auth;
using Lyceum.Local.Errors;
using Lyceum.Local.Execution;
using Lyceum.Local.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace Lyceum.Local.Streaming;

/// <summary>
/// A run's streaming_url: a WebSocket upgrade or Server-Sent Events (GET or POST) on the same path, with or without
/// the bearer (the path carries the run's unguessable token). <c>?after=N</c> replays from seq N+1.
/// Quiet SSE streams get <c>: keep-alive</c> comments, quiet WebSockets pings (see <see cref="LocalSettings.KeepAliveInterval"/>).
/// </summary>
internal static class StreamEndpoints
{
    private static readonly byte[] KeepAliveComment = ": keep-alive\n\n"u8.ToArray();

    public static IEndpointRouteBuilder MapStreamEndpoints(this IEndpointRouteBuilder api)
    {
        // Not rate limited: the per-run token authorizes it, and readers may come back with ?after=N.
        api.MapMethods("/execution/streaming/{id}/stream/{token}", ["GET", "POST"], StreamAsync).DisableRateLimiting();
        return api;
    }

    private static async Task StreamAsync(
        HttpContext context, string id, string token, RunManager runs, RunStore store, LocalSettings settings, CancellationToken cancellationToken)
    {
        var (after, invalid) = ResumePoint.From(context.Request);
        if (invalid is not null)
        {
            await invalid.ExecuteAsync(context);
            return;
        }
        var live = runs.Find(id);
        var record = live?.Record ?? await store.FindByIdAsync(id, cancellationToken);
        if (record is null || !Secrets.SameText(record.StreamTokenHash, Secrets.Hash(token)))
        {
            await LyceumErrors.NotFound($"No output stream for execution '{id}'; use the streaming_url the start call returned.").ExecuteAsync(context);
            return;
        }
        await ServeAsync(context, live?.Output ?? RunOutput.Load(runs.LogPath(id)), after, settings, cancellationToken);
    }

    /// <summary>Sends a run's output from seq <paramref name="after"/>+1 to its end, over a WebSocket or as Server-Sent Events.</summary>
    public static Task ServeAsync(HttpContext context, RunOutput output, long after, LocalSettings settings, CancellationToken cancellationToken) =>
        context.WebSockets.IsWebSocketRequest
            ? SendOverWebSocketAsync(context, output, after, cancellationToken)
            : SendAsEventsAsync(context, output, after, settings, cancellationToken);

    private static async Task SendAsEventsAsync(HttpContext context, RunOutput output, long after, LocalSettings settings, CancellationToken cancellationToken)
    {
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        await context.Response.StartAsync(cancellationToken);
        var body = context.Response.Body;
        try
        {
            await foreach (var message in KeepAlive.WithTicksAsync(output.ReadAsync(after, cancellationToken), settings.KeepAliveInterval, settings.Time, cancellationToken))
            {
                if (message is { } m)
                    await SseFormatter.WriteAsync(One(new SseItem<string>(m.Json) { EventId = m.Seq.ToString(CultureInfo.InvariantCulture) }), body, cancellationToken);
                else
                    await body.WriteAsync(KeepAliveComment, cancellationToken);
                await body.FlushAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The reader went away.
        }
    }

#pragma warning disable CS1998 // One item as the async sequence SseFormatter writes.
    private static async IAsyncEnumerable<SseItem<string>> One(SseItem<string> item)
#pragma warning restore CS1998
    {
        yield return item;
    }

    private static async Task SendOverWebSocketAsync(HttpContext context, RunOutput output, long after, CancellationToken cancellationToken)
    {
        // Pings on quiet sockets come from the WebSocket middleware (KeepAliveInterval), below the messages sent here.
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var closedByClient = WaitForCloseAsync(socket, reading);
        try
        {
            await foreach (var (_, json) in output.ReadAsync(after, reading.Token))
                await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, reading.Token);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "execution finished", cancellationToken);
            await closedByClient.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or TimeoutException)
        {
            // The reader went away or did not answer the close.
        }
    }

    private static async Task WaitForCloseAsync(WebSocket socket, CancellationTokenSource reading)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                    break;
            }
        }
        catch (WebSocketException)
        {
            // Connection dropped.
        }
        await reading.CancelAsync();
    }
}
