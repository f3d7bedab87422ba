namespace Lyceum.Client.Streaming;

/// <summary>Waits between reconnect attempts: <see cref="StreamOptions.ReconnectDelay"/> doubled per attempt up to
/// <see cref="StreamOptions.MaxReconnectDelay"/>, each wait spread ±20 % so many clients cut at once do not come back
/// in step. (Polly's retry strategy computes the same, but it cannot hand the caller an event between attempts.)</summary>
internal static class ReconnectBackoff
{
    public static TimeSpan Delay(StreamOptions options, int attempt)
    {
        var doubled = options.ReconnectDelay.Ticks * (double)(1L << Math.Clamp(attempt - 1, 0, 30));
        var capped = Math.Min(doubled, options.MaxReconnectDelay.Ticks);
        return TimeSpan.FromTicks((long)(capped * (0.8 + 0.4 * Random.Shared.NextDouble())));
    }
}
