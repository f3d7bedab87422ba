using Microsoft.Extensions.Time.Testing;

namespace Lyceum.Runner.Tests;

/// <summary>
/// A fake clock that tells the test when the code under test starts a timer, so a test can move time (or press
/// Ctrl-C) exactly when the runner starts waiting, with no sleeps and no races.
/// </summary>
internal sealed class WatchedClock : TimeProvider
{
    private readonly FakeTimeProvider _time = new();

    /// <summary>Called with the due time of every timer started on this clock (a timeout, a grace, a delay).</summary>
    public Action<TimeSpan>? TimerStarted { get; set; }

    public override long TimestampFrequency => _time.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _time.LocalTimeZone;

    public void Advance(TimeSpan by) => _time.Advance(by);

    public override DateTimeOffset GetUtcNow() => _time.GetUtcNow();

    public override long GetTimestamp() => _time.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _time.CreateTimer(callback, state, dueTime, period);
        TimerStarted?.Invoke(dueTime);
        return timer;
    }
}
