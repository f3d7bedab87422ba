using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace Lyceum.Client.Streaming;

/// <summary>Reads stream messages from a Server-Sent Events body with <see cref="SseParser"/>.</summary>
internal static class SseMessageSource
{
    public static async IAsyncEnumerable<StreamMessage> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The parser hands each event's data to this callback just before yielding it, so one list suffices.
        var batch = new List<StreamMessage>();
        var parser = SseParser.Create(body, (_, data) =>
        {
            batch.Clear();
            StreamMessageParser.Parse(data, batch);
            return batch;
        });
        await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var message in item.Data)
                yield return message;
        }
    }
}
