using Microsoft.Extensions.Time.Testing;

namespace Lyceum.Client.Tests.Infrastructure;

/// <summary>A <see cref="FakeTimeProvider"/> that tells when code under test starts waiting on it, so a test advances
/// the clock only once the wait is in place (never racing it, never sleeping).</summary>
public sealed class ObservedTimeProvider : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _timers;

    /// <summary>How many timers (delays, timeouts) have been created so far.</summary>
    public int Timers
    {
        get
        {
            lock (_gate)
                return _timers;
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        List<TaskCompletionSource> reached = [];
        lock (_gate)
        {
            _timers++;
            _waiters.RemoveAll(w =>
            {
                if (w.Count > _timers)
                    return false;
                reached.Add(w.Reached);
                return true;
            });
        }

        foreach (var r in reached)
            r.TrySetResult();
        return timer;
    }

    /// <summary>Completes once <paramref name="count"/> timers have been created in all.</summary>
    public Task TimerCreatedAsync(int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_timers >= count)
                return Task.CompletedTask;
            _waiters.Add((count, reached));
        }

        return reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
