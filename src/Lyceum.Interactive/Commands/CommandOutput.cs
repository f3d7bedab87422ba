using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Remote;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace Lyceum.Interactive.Commands;

/// <summary>What a <c>#!lyceum</c> subcommand shows: the one type of the magic commands that publishes to the kernel's
/// context. A subcommand that starts a run hands the context on to the run pipeline's own sink
/// (<see cref="RunSink"/>).</summary>
internal sealed class CommandOutput
{
    private readonly KernelInvocationContext _context;
    private readonly KernelCommand _command;

    /// <param name="context">The command's context.</param>
    /// <param name="command">The subcommand being handled.</param>
    public CommandOutput(KernelInvocationContext context, KernelCommand command)
    {
        (_context, _command) = (context, command);
    }

    /// <summary>Fires when the user stops the cell.</summary>
    public CancellationToken Stopped => _context.CancellationToken;

    /// <summary>Shows a Lyceum view (HTML and text).</summary>
    public void Show(object view) => _context.Publish(new DisplayedValueProduced(view, _context.Command, LyceumFormatterSource.Format(view)));

    /// <summary>Shows a view that <see cref="Update"/> changes in place later.</summary>
    /// <returns>The display's id.</returns>
    public string ShowLive(object view)
    {
        var id = Guid.NewGuid().ToString("N");
        _context.Publish(new DisplayedValueProduced(view, _context.Command, LyceumFormatterSource.Format(view), id));
        return id;
    }

    /// <summary>Replaces the view shown by <see cref="ShowLive"/> under <paramref name="displayId"/>.</summary>
    public void Update(string displayId, object view) =>
        _context.Publish(new DisplayedValueUpdated(view, displayId, _context.Command, LyceumFormatterSource.Format(view)));

    /// <summary>Shows text of one MIME type (help's markdown, a log's plain text).</summary>
    public void ShowText(string text, string mimeType) => _context.DisplayAs(text, mimeType);

    /// <summary>Where a run this subcommand starts or follows shows itself: the run pipeline's sink, in
    /// <paramref name="kernel"/>'s cell view.</summary>
    public KernelRunSink RunSink(LyceumKernel kernel) => kernel.Sink(_context, _command);
}
