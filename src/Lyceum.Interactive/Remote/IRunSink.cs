using Lyceum.Client;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Remote;

/// <summary>Where a <see cref="RunSession"/> puts what the user sees. The notebook's implementation is the only type of
/// the run pipeline that knows the kernel's context; a sweep's writes many runs into one card.</summary>
internal interface IRunSink
{
    /// <summary>Fires when the user stops the cell.</summary>
    CancellationToken Stopped { get; }

    /// <summary>Shows a piece of the run's stdout or stderr (already batched, in order).</summary>
    void Output(OutputStreamKind kind, string text);

    /// <summary>Shows a rich display or the cell's result value.</summary>
    void Display(RemoteFrame frame);

    /// <summary>Shows the run card: the first call produces it, later calls update it in place.</summary>
    /// <param name="card">The card as it is now.</param>
    /// <param name="afterStop">The update follows the stop button, which ends the cell's command at once: it must
    /// still reach the cell.</param>
    void Card(RunCard card, bool afterStop);

    /// <summary>Ends the cell as failed, with one sentence.</summary>
    void Fail(string sentence);
}
