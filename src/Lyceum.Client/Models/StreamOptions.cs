namespace Lyceum.Client;

/// <summary>How <see cref="ExecutionsClient.StreamAsync(ExecutionStarted, StreamOptions?, CancellationToken)"/> reads and resumes a stream.</summary>
public sealed record StreamOptions
{
    /// <summary>Start after this sequence number (0: from the beginning).</summary>
    public long After { get; init; }

    /// <summary>How many times a broken stream is reopened before falling back to status polling.</summary>
    public int MaxReconnects { get; init; } = 5;

    /// <summary>How long to poll the status endpoint for the end of a run whose stream cannot be resumed.</summary>
    public TimeSpan StatusPollTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time between status polls.</summary>
    public TimeSpan StatusPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>First delay before reconnecting; doubles per attempt.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);
}
