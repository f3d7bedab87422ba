using Lyceum.Client;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Prelude;
using Lyceum.Interactive.Remote;

namespace Lyceum.Interactive.Tests.Infrastructure;

/// <summary>A run sink that records what a cell would show, for tests of the pipeline without a kernel.</summary>
internal sealed class RecordingSink : IRunSink
{
    private readonly object _gate = new();

    public CancellationTokenSource Stop { get; } = new();

    public CancellationToken Stopped => Stop.Token;

    /// <summary>Each output piece as it was published: stderr or not, and its text.</summary>
    public List<(bool Stderr, string Text)> Outputs { get; } = [];

    public List<RemoteFrame> Displays { get; } = [];

    public List<RunCard> Cards { get; } = [];

    public List<string> Failures { get; } = [];

    public void Output(OutputStreamKind kind, string text)
    {
        lock (_gate)
            Outputs.Add((kind == OutputStreamKind.Stderr, text));
    }

    public void Display(RemoteFrame frame)
    {
        lock (_gate)
            Displays.Add(frame);
    }

    public void Card(RunCard card, bool afterStop)
    {
        lock (_gate)
            Cards.Add(card);
    }

    public void Fail(string sentence)
    {
        lock (_gate)
            Failures.Add(sentence);
    }
}
