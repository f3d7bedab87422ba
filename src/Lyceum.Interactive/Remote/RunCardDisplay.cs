using System.Diagnostics;
using Lyceum.Interactive.Formatting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Remote;

/// <summary>A run's status card: produced once with a value id, then only updated (never a second card).</summary>
internal sealed class RunCardDisplay
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    private readonly KernelInvocationContext _context;
    private readonly KernelCommand _command;
    private readonly Action<KernelEvent>? _broadcast;
    private readonly string _valueId = Guid.NewGuid().ToString("N");
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private TimeSpan _lastShown;
    private bool _produced;
    private bool _frozen;

    public RunCardDisplay(KernelInvocationContext context, KernelCommand command, RunCard card, Action<KernelEvent>? broadcast)
    {
        (_context, _command, Card, _broadcast) = (context, command, card, broadcast);
    }

    /// <summary>The card as last shown.</summary>
    public RunCard Card { get; private set; }

    /// <summary>Shows the card (the first call produces it, later calls update it). Once frozen, nothing changes it.</summary>
    /// <param name="change">The new card from the current one.</param>
    /// <param name="freeze">No later change applies (the run has ended).</param>
    /// <param name="broadcast">Also publish through the kernel itself: the stop button makes the host end the cell's
    /// command at once, and an update published on an ended command is dropped.</param>
    public void Show(Func<RunCard, RunCard> change, bool freeze = false, bool broadcast = false)
    {
        lock (_gate)
        {
            if (_frozen)
                return;
            _frozen = freeze;
            var next = change(Card);
            // A live card ticks; an ended one keeps the service's duration when the change brought one.
            Card = next.Ended && next.Elapsed != Card.Elapsed ? next : next with { Elapsed = _clock.Elapsed };
            _lastShown = _clock.Elapsed;
            var values = FormattedValue.CreateManyFromObject(Card, LyceumFormatterSource.MimeTypes);
            _context.Publish(_produced
                ? new DisplayedValueUpdated(Card, _valueId, _command, values)
                : new DisplayedValueProduced(Card, _command, values, _valueId));
            if (broadcast && _produced)
                _broadcast?.Invoke(new DisplayedValueUpdated(Card, _valueId, _command, values));
            _produced = true;
        }
    }

    /// <summary>Refreshes the elapsed time, at most once a second.</summary>
    public void Tick()
    {
        if (_clock.Elapsed - _lastShown >= TickInterval)
            Show(c => c);
    }
}
