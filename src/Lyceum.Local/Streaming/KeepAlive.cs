using System.Runtime.CompilerServices;

namespace Lyceum.Local.Streaming;

/// <summary>
/// Interleaves a stream's messages with keep-alive ticks: whenever <c>interval</c> passes without a message, a tick
/// (<c>null</c>) is yielded, so quiet runs keep sending bytes (the official CLI gives up after 600 s of silence, proxies
/// sooner, and our client's silence check needs traffic to tell a quiet run from a dead connection).
/// </summary>
internal static class KeepAlive
{
    public static async IAsyncEnumerable<T?> WithTicksAsync<T>(
        IAsyncEnumerable<T> source, TimeSpan interval, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : struct
    {
        // The source gets its own token: leaving early cancels it, so its pending read ends before it is disposed
        // (an async iterator cannot be disposed while a MoveNextAsync is in flight).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var items = source.GetAsyncEnumerator(stop.Token);
        var next = items.MoveNextAsync().AsTask();
        try
        {
            while (true)
            {
                using (var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    var tick = Task.Delay(interval, time, quiet.Token);
                    var first = await Task.WhenAny(next, tick);
                    await quiet.CancelAsync();
                    if (first == tick)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        yield return null;
                        continue;
                    }
                }
                if (!await next)
                    yield break;
                yield return items.Current;
                next = items.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await next;
            }
            catch (OperationCanceledException)
            {
                // The pending read was cut short by leaving.
            }
            await items.DisposeAsync();
        }
    }
}
