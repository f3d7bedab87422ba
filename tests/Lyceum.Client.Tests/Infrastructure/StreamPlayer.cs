using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Lyceum.Client.Tests.Infrastructure;

/// <summary>Plays stream messages to a client as SSE or WebSocket, cut into chunks of any size, in steps that wait
/// for the test's signals (never for the clock), and ends by closing, by cutting the connection, or by holding it
/// open and silent.</summary>
public static class StreamPlayer
{
    public const int Whole = int.MaxValue;

    /// <summary>How a played stream ends.</summary>
    public enum Ending
    {
        /// <summary>A clean close (WebSocket close frame, end of the SSE body).</summary>
        Close,

        /// <summary>The connection is cut (TCP reset) once the ending's signal has come.</summary>
        Abort,

        /// <summary>The connection stays open and silent until the client leaves.</summary>
        Hold,
    }

    /// <summary>SSE for plain requests, WebSocket for upgrade requests; messages in <paramref name="chunk"/>-byte pieces.
    /// With <paramref name="abortAfter"/> the connection is cut once that task completes (e.g. when the client has
    /// shown it received the last message), so the cut never overtakes the data.</summary>
    public static Task PlayAsync(HttpContext ctx, IEnumerable<string> messages, int chunk = Whole, string newline = "\n", Task? abortAfter = null) =>
        PlayStepsAsync(ctx, [(null, messages)], abortAfter is null ? Ending.Close : Ending.Abort, abortAfter, chunk, newline);

    /// <summary>Sends each step's messages once its gate (if any) has completed, then ends as asked (an Abort ending
    /// waits for <paramref name="signal"/> first).</summary>
    public static async Task PlayStepsAsync(HttpContext ctx, IReadOnlyList<(Task? Gate, IEnumerable<string> Messages)> steps, Ending ending,
        Task? signal = null, int chunk = Whole, string newline = "\n")
    {
        try
        {
            if (ctx.WebSockets.IsWebSocketRequest)
                await PlayOverWebSocketAsync(ctx, steps, ending, signal, chunk);
            else
                await PlayAsEventsAsync(ctx, steps, ending, signal, chunk, newline);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            // The client left (or was cut off).
        }
    }

    /// <summary>Sends messages, then holds the connection open until the client goes away, and reports that it did.</summary>
    public static async Task PlayAndHoldAsync(HttpContext ctx, IEnumerable<string> messages, TaskCompletionSource clientGone)
    {
        try
        {
            await PlayStepsAsync(ctx, [(null, messages)], Ending.Hold);
        }
        finally
        {
            clientGone.TrySetResult();
        }
    }

    private static async Task PlayOverWebSocketAsync(HttpContext ctx, IReadOnlyList<(Task? Gate, IEnumerable<string> Messages)> steps, Ending ending,
        Task? signal, int chunk)
    {
        using var socket = await ctx.WebSockets.AcceptWebSocketAsync();
        foreach (var (gate, messages) in steps)
        {
            if (gate is not null)
                await gate.WaitAsync(ctx.RequestAborted);
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
        }

        switch (ending)
        {
            case Ending.Abort:
                await (signal ?? Task.CompletedTask).WaitAsync(ctx.RequestAborted);
                ctx.Abort();
                break;
            case Ending.Hold:
                var buffer = new byte[1024];
                while (socket.State == WebSocketState.Open)
                {
                    var r = await socket.ReceiveAsync(buffer, ctx.RequestAborted);
                    if (r.MessageType == WebSocketMessageType.Close)
                        break;
                }

                break;
            default:
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", ctx.RequestAborted);
                break;
        }
    }

    private static async Task PlayAsEventsAsync(HttpContext ctx, IReadOnlyList<(Task? Gate, IEnumerable<string> Messages)> steps, Ending ending,
        Task? signal, int chunk, string newline)
    {
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        await ctx.Response.StartAsync(ctx.RequestAborted);
        foreach (var (gate, messages) in steps)
        {
            if (gate is not null)
                await gate.WaitAsync(ctx.RequestAborted);
            var text = new StringBuilder();
            foreach (var message in messages)
                text.Append("data: ").Append(message).Append(newline).Append(newline);
            var all = Encoding.UTF8.GetBytes(text.ToString());
            for (var offset = 0; offset < all.Length; offset += chunk)
            {
                await ctx.Response.Body.WriteAsync(all.AsMemory(offset, Math.Min(chunk, all.Length - offset)), ctx.RequestAborted);
                await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
            }
        }

        switch (ending)
        {
            case Ending.Abort:
                await (signal ?? Task.CompletedTask).WaitAsync(ctx.RequestAborted);
                ctx.Abort();
                break;
            case Ending.Hold:
                await new TaskCompletionSource().Task.WaitAsync(ctx.RequestAborted);
                break;
        }
    }
}
