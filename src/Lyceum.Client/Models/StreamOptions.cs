namespace Lyceum.Client;

/// <summary>How <see cref="ExecutionsClient.StreamAsync(ExecutionStarted, StreamOptions?, CancellationToken)"/> reads a
/// run's output and keeps it flowing through a bad network. The defaults suit a notebook on hotel Wi-Fi.</summary>
public sealed record StreamOptions
{
    /// <summary>Start after this sequence number (0: from the beginning).</summary>
    public long After { get; init; }

    /// <summary>After this long without a byte the client asks the service how the run is doing, and again every
    /// interval while the silence lasts. A run that is merely quiet is never cut; a finished run, a run that has
    /// printed more than arrived, or a service that cannot be asked makes the client resume the stream. Default 15 s.</summary>
    public TimeSpan SilenceCheckInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>First wait before reconnecting a broken stream; it doubles per failed attempt (with jitter) up to
    /// <see cref="MaxReconnectDelay"/>. Default 250 ms.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between two reconnect attempts. Default 10 s.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the stream may stay broken before the client gives up with a <see cref="LyceumStreamException"/>;
    /// null (the default): as long as the run lives — until it ends, the service says it is gone, or you cancel.</summary>
    public TimeSpan? MaxOfflineTime { get; init; }

    /// <summary>Time between status polls when the service cannot stream the rest (no <c>seq</c>, or the stream is
    /// gone) and the end is learned from the status instead. Default 1 s.</summary>
    public TimeSpan StatusPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>WebSocket streams: how often the client pings the server. Default 15 s.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>WebSocket streams: how long a ping may go unanswered before the connection counts as dead and is
    /// resumed. Default 10 s.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        Positive(SilenceCheckInterval, nameof(SilenceCheckInterval));
        Positive(ReconnectDelay, nameof(ReconnectDelay));
        Positive(MaxReconnectDelay, nameof(MaxReconnectDelay));
        Positive(StatusPollInterval, nameof(StatusPollInterval));
        Positive(KeepAliveInterval, nameof(KeepAliveInterval));
        Positive(KeepAliveTimeout, nameof(KeepAliveTimeout));
        if (MaxOfflineTime is { } max)
            Positive(max, nameof(MaxOfflineTime));
        ArgumentOutOfRangeException.ThrowIfNegative(After, nameof(After));
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(name, value, $"StreamOptions.{name} must be positive.");
    }
}
