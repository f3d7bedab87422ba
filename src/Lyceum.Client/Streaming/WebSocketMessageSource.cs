using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;

namespace Lyceum.Client.Streaming;

/// <summary>Reads stream messages from a WebSocket: each text (or binary) message is one stream message,
/// reassembled from however many frames it came in.</summary>
internal static class WebSocketMessageSource
{
    private const int MaxMessageBytes = 64 * 1024 * 1024;

    public static async IAsyncEnumerable<StreamMessage> ReadAsync(WebSocket socket, StreamActivity activity, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var batch = new List<StreamMessage>();
        try
        {
            var count = 0;
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (buffer.Length >= MaxMessageBytes)
                        throw new WebSocketException(WebSocketError.Faulted, $"A stream message exceeded {MaxMessageBytes / (1024 * 1024)} MB.");
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var result = await socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                activity.Touch();
                if (result.MessageType == WebSocketMessageType.Close)
                    yield break;
                count += result.Count;
                if (!result.EndOfMessage)
                    continue;
                batch.Clear();
                StreamMessageParser.Parse(buffer.AsSpan(0, count), batch);
                count = 0;
                foreach (var message in batch)
                    yield return message;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
