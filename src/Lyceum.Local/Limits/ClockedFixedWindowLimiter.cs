using System.Threading.RateLimiting;

namespace Lyceum.Local.Limits;

/// <summary>
/// A fixed-window limiter (no queue) whose windows follow a <see cref="TimeProvider"/>, plugged into the library's
/// partitioning (<see cref="RateLimitPartition.Get{TKey}"/>) and ASP.NET Core's middleware.
/// </summary>
/// <remarks>
/// System.Threading.RateLimiting's own <see cref="FixedWindowRateLimiter"/> cannot take the injected clock: its options
/// have no TimeProvider, its timer is a real one, and with <c>AutoReplenishment = false</c> its <c>TryReplenish</c> still
/// replenishes only once <see cref="System.Diagnostics.Stopwatch"/> says a whole window passed (the tick-taking overload
/// is private). So a test could only move its windows by waiting an hour. Windows here start when the limiter is made
/// and follow one another every <c>window</c>, as the library's do.
/// </remarks>
internal sealed class ClockedFixedWindowLimiter(int permitLimit, TimeSpan window, TimeProvider time) : RateLimiter
{
    private static readonly RateLimitLease Acquired = new Lease(true, null);
    private readonly Lock _lock = new();
    private readonly DateTimeOffset _origin = time.GetUtcNow();
    private long _window;
    private readonly int _limit = permitLimit;
    private int _available = permitLimit;
    private long _succeeded;
    private long _failed;

    /// <summary>When the current window ends (and the permits come back).</summary>
    public DateTimeOffset ResetAt
    {
        get
        {
            lock (_lock)
            {
                Roll();
                return _origin + window * (_window + 1);
            }
        }
    }

    /// <summary>Idle while every permit of the current window is free (the partitioned limiter may then drop it).</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                Roll();
                return _available == _limit ? time.GetUtcNow() - (_origin + window * _window) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            Roll();
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _available,
                CurrentQueuedCount = 0,
                TotalSuccessfulLeases = _succeeded,
                TotalFailedLeases = _failed,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _limit);
        lock (_lock)
        {
            Roll();
            if (_available >= permitCount && (_available > 0 || permitCount > 0))
            {
                _available -= permitCount;
                _succeeded++;
                return Acquired;
            }
            _failed++;
            return new Lease(false, _origin + window * (_window + 1) - time.GetUtcNow());
        }
    }

    /// <summary>Nothing waits: a request beyond the limit is refused at once, as the limits are documented.</summary>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    /// <summary>Moves to the window the clock is in; a new window brings every permit back.</summary>
    private void Roll()
    {
        var current = (long)Math.Floor((time.GetUtcNow() - _origin) / window);
        if (current <= _window)
            return;
        _window = current;
        _available = _limit;
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
