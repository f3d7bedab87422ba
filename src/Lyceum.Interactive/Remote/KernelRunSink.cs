using Lyceum.Client;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Prelude;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Remote;

/// <summary>A run's view in one notebook cell: the one place the run pipeline publishes to the kernel's context.</summary>
internal sealed class KernelRunSink : IRunSink
{
    private readonly KernelInvocationContext _context;
    private readonly KernelCommand _command;
    private readonly Action<KernelEvent> _broadcast;
    private readonly string _cardId = Guid.NewGuid().ToString("N");
    private readonly object _gate = new();
    private bool _cardProduced;

    /// <param name="context">The command's context.</param>
    /// <param name="command">The command (the cell).</param>
    /// <param name="broadcast">Publishes through the kernel itself, for the card's update after the stop button (the
    /// host ends the command at once, and events published on an ended command are dropped).</param>
    public KernelRunSink(KernelInvocationContext context, KernelCommand command, Action<KernelEvent> broadcast)
    {
        (_context, _command, _broadcast) = (context, command, broadcast);
    }

    /// <inheritdoc />
    public CancellationToken Stopped => _context.CancellationToken;

    /// <inheritdoc />
    public void Output(OutputStreamKind kind, string text)
    {
        var values = new[] { new FormattedValue(PlainTextFormatter.MimeType, text) };
        _context.Publish(kind == OutputStreamKind.Stderr
            ? new StandardErrorValueProduced(_command, values)
            : new StandardOutputValueProduced(_command, values));
    }

    /// <inheritdoc />
    public void Display(RemoteFrame frame)
    {
        switch (frame)
        {
            case DisplayFrame display:
                _context.Publish(new DisplayedValueProduced(display.PlainText, _command, display.ToFormattedValues()));
                break;
            case ResultFrame result:
                _context.Publish(new ReturnValueProduced(result.PlainText, _command, result.ToFormattedValues()));
                break;
        }
    }

    /// <inheritdoc />
    public void Card(RunCard card, bool afterStop) => Show(card, afterStop);

    /// <summary>Shows a note about the run apart from its card (a sweep's budget note).</summary>
    public void Notice(NoticeView notice) =>
        _context.Publish(new DisplayedValueProduced(notice, _command, LyceumFormatterSource.Format(notice)));

    /// <summary>Shows a card of any Lyceum view type (a sweep's card): produced once, then updated in place.</summary>
    public void Show(object card, bool afterStop)
    {
        lock (_gate)
        {
            var values = LyceumFormatterSource.Format(card);
            if (!_cardProduced)
            {
                _context.Publish(new DisplayedValueProduced(card, _command, values, _cardId));
                _cardProduced = true;
                return;
            }
            var update = new DisplayedValueUpdated(card, _cardId, _command, values);
            _context.Publish(update);
            // After the stop button the command may have ended already, and then the publish above was dropped.
            if (afterStop)
                _broadcast(update);
        }
    }

    /// <inheritdoc />
    public void Fail(string sentence) => _context.Fail(_command, message: sentence);
}
