namespace Lyceum.Client.Streaming;

/// <summary>Watches one stream connection for silence. After <see cref="StreamOptions.SilenceCheckInterval"/> without
/// a sign of life it asks a check (the run's status) what the silence means, and again every interval while it lasts.
/// A quiet run is left alone; a verdict ends the watch so the reader can resume the stream.</summary>
internal static class SilenceWatch
{
    /// <summary>Why a silent connection is given up.</summary>
    /// <param name="Reason">One sentence for the <see cref="ExecutionReconnecting"/> event.</param>
    /// <param name="RunGone">Set when the service no longer knows the run: nothing can be resumed.</param>
    public sealed record Verdict(string Reason, LyceumApiException? RunGone = null);

    /// <summary>Returns the verdict that ends the connection, or null when <paramref name="stop"/> ended the watch.</summary>
    public static async Task<Verdict?> WatchAsync(StreamActivity activity, TimeSpan interval, TimeProvider time,
        Func<CancellationToken, Task<Verdict?>> check, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                var silence = activity.Silence;
                if (silence < interval)
                {
                    await Task.Delay(interval - silence, time, stop).ConfigureAwait(false);
                    continue;
                }

                if (await check(stop).ConfigureAwait(false) is { } verdict)
                    return verdict;
                await Task.Delay(interval, time, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return null;
        }
    }
}
