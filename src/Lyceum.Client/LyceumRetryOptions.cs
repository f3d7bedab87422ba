namespace Lyceum.Client;

/// <summary>How the client retries failed requests. GET and DELETE are retried on 408, 429, 500, 502, 503, 504
/// and transport failures; requests that create work are retried only when the service certainly did not act
/// (429, 503, connection refused).</summary>
public sealed class LyceumRetryOptions
{
    /// <summary>Retries after the first attempt. Default 4; 0 turns retrying off.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first backoff delay; it doubles per attempt, with jitter. Default 1 s.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff delay. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>Retry-After</c> the client waits out; a longer one fails the call at once. Default 60 s.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>No retry starts later than this after the first attempt. Default 2 min.</summary>
    public TimeSpan MaxTotalTime { get; set; } = TimeSpan.FromMinutes(2);

    internal LyceumRetryOptions Freeze()
    {
        if (MaxRetries < 0)
            throw new LyceumConfigurationException($"Retry.MaxRetries must be 0 or more (got {MaxRetries}).");
        if (BaseDelay < TimeSpan.Zero || MaxDelay < TimeSpan.Zero || MaxRetryAfter < TimeSpan.Zero || MaxTotalTime < TimeSpan.Zero)
            throw new LyceumConfigurationException("Retry delays and times must not be negative.");
        return new LyceumRetryOptions
        {
            MaxRetries = MaxRetries,
            BaseDelay = BaseDelay,
            MaxDelay = MaxDelay < BaseDelay ? BaseDelay : MaxDelay,
            MaxRetryAfter = MaxRetryAfter,
            MaxTotalTime = MaxTotalTime,
        };
    }
}
