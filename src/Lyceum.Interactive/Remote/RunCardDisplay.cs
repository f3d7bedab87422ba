using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Remote;

/// <summary>A run's card as it changes: shown through the sink once, then only updated (never a second card); its
/// elapsed time comes from the injected clock.</summary>
internal sealed class RunCardDisplay
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    private readonly IRunSink _sink;
    private readonly TimeProvider _time;
    private readonly long _startedAt;
    private readonly object _gate = new();
    private TimeSpan _lastShown;
    private bool _frozen;

    public RunCardDisplay(IRunSink sink, RunCard card, TimeProvider time)
    {
        (_sink, Card, _time) = (sink, card, time);
        _startedAt = time.GetTimestamp();
    }

    /// <summary>Applied to every change of a live card (the session's running cost estimate).</summary>
    public Func<RunCard, RunCard>? Live { get; init; }

    /// <summary>The card as last shown.</summary>
    public RunCard Card { get; private set; }

    /// <summary>True once the card shows how the run ended.</summary>
    public bool IsFinal
    {
        get { lock (_gate) return _frozen; }
    }

    /// <summary>Shows the card with a change. Once frozen, nothing changes it.</summary>
    /// <param name="change">The new card from the current one.</param>
    /// <param name="freeze">No later change applies (the run has ended).</param>
    /// <param name="afterStop">The change follows the stop button (see <see cref="IRunSink.Card"/>).</param>
    /// <returns>False when the card was already final.</returns>
    public bool Show(Func<RunCard, RunCard> change, bool freeze = false, bool afterStop = false)
    {
        lock (_gate)
        {
            if (_frozen)
                return false;
            _frozen = freeze;
            var elapsed = _time.GetElapsedTime(_startedAt);
            var next = change(Card);
            if (!next.Ended && Live is { } live)
                next = live(next);
            // A live card ticks; an ended one keeps the service's duration when the change brought one.
            Card = next.Ended && next.Elapsed != Card.Elapsed ? next : next with { Elapsed = elapsed };
            _lastShown = elapsed;
            _sink.Card(Card, afterStop);
            return true;
        }
    }

    /// <summary>Adds to a card that already shows how the run ended (the id of a run aborted after the stop button).</summary>
    public void Amend(Func<RunCard, RunCard> change, bool afterStop)
    {
        lock (_gate)
        {
            Card = change(Card);
            _sink.Card(Card, afterStop);
        }
    }

    /// <summary>How long until the card's elapsed time is due for a refresh.</summary>
    public TimeSpan TickDueIn
    {
        get { lock (_gate) return _frozen ? TickInterval : TickInterval - (_time.GetElapsedTime(_startedAt) - _lastShown); }
    }

    /// <summary>Refreshes the elapsed time (and the live cost), at most once a second.</summary>
    public void Tick()
    {
        if (TickDueIn <= TimeSpan.Zero)
            Show(c => c);
    }
}
