using Lyceum.Client;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Prelude;
using Lyceum.Interactive.Remote;

namespace Lyceum.Interactive.Sweeps;

/// <summary>Where one run of a sweep shows itself: its row of the sweep's one card, and its output in the row's collapsed
/// section. A failure becomes the row's error; the sweep fails the cell once, for all its runs.</summary>
internal sealed class SweepRunSink(SweepBoard board, int index, CancellationToken stopped, Func<bool> cellStopped) : IRunSink
{
    /// <inheritdoc />
    public CancellationToken Stopped => stopped;

    /// <inheritdoc />
    public void Output(OutputStreamKind kind, string text) => board.Output(index, kind, text);

    /// <inheritdoc />
    public void Display(RemoteFrame frame)
    {
        switch (frame)
        {
            case ResultFrame result:
                board.Result(index, result.PlainText);
                break;
            // A rich display has no place in a row: its text stands in the run's output.
            case DisplayFrame display when display.PlainText.Length > 0:
                board.Output(index, OutputStreamKind.Stdout, display.PlainText + "\n");
                break;
        }
    }

    /// <inheritdoc />
    public void Card(RunCard card, bool afterStop) => board.Run(index, card, cellStopped());

    /// <inheritdoc />
    public void Fail(string sentence) => board.Error(index, sentence);
}
