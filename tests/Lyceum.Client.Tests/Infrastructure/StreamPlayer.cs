using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Lyceum.Client.Tests.Infrastructure;

/// <summary>Plays stream messages to a client as SSE or WebSocket, cut into chunks of any size.</summary>
public static class StreamPlayer
{
    public const int Whole = int.MaxValue;

    /// <summary>SSE for plain requests, WebSocket for upgrade requests; messages in <paramref name="chunk"/>-byte pieces.</summary>
    public static async Task PlayAsync(HttpContext ctx, IEnumerable<string> messages, int chunk = Whole, string newline = "\n", bool abortAtEnd = false)
    {
        if (ctx.WebSockets.IsWebSocketRequest)
        {
            using var socket = await ctx.WebSockets.AcceptWebSocketAsync();
            foreach (var message in messages)
            {
                var bytes = Encoding.UTF8.GetBytes(message);
                for (var offset = 0; offset < bytes.Length || bytes.Length == 0; offset += chunk)
                {
                    var size = Math.Min(chunk, bytes.Length - offset);
                    await socket.SendAsync(bytes.AsMemory(offset, size), WebSocketMessageType.Text, offset + size >= bytes.Length, ctx.RequestAborted);
                    if (bytes.Length == 0)
                        break;
                }
            }

            if (abortAtEnd)
                await AbortAfterDeliveryAsync(ctx);
            else
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", ctx.RequestAborted);
            return;
        }

        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        var text = new StringBuilder();
        foreach (var message in messages)
            text.Append("data: ").Append(message).Append(newline).Append(newline);
        var all = Encoding.UTF8.GetBytes(text.ToString());
        for (var offset = 0; offset < all.Length; offset += chunk)
        {
            await ctx.Response.Body.WriteAsync(all.AsMemory(offset, Math.Min(chunk, all.Length - offset)), ctx.RequestAborted);
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
        }

        if (abortAtEnd)
            await AbortAfterDeliveryAsync(ctx);
    }

    // Abort drops what Kestrel has not yet written to the socket; give it a moment so the drop comes after the data.
    private static async Task AbortAfterDeliveryAsync(HttpContext ctx)
    {
        await Task.Delay(150);
        ctx.Abort();
    }

    /// <summary>Sends messages, then holds the connection open until the client goes away, and reports that it did.</summary>
    public static async Task PlayAndHoldAsync(HttpContext ctx, IEnumerable<string> messages, TaskCompletionSource clientGone)
    {
        try
        {
            if (ctx.WebSockets.IsWebSocketRequest)
            {
                using var socket = await ctx.WebSockets.AcceptWebSocketAsync();
                foreach (var message in messages)
                    await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, ctx.RequestAborted);
                var buffer = new byte[1024];
                while (socket.State == WebSocketState.Open)
                {
                    var r = await socket.ReceiveAsync(buffer, ctx.RequestAborted);
                    if (r.MessageType == WebSocketMessageType.Close)
                        break;
                }
            }
            else
            {
                ctx.Response.ContentType = "text/event-stream";
                foreach (var message in messages)
                    await ctx.Response.WriteAsync($"data: {message}\n\n", ctx.RequestAborted);
                await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
                await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
        }
        finally
        {
            clientGone.TrySetResult();
        }
    }
}
