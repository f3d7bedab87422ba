using System.Text.Json;
using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Tests.Prelude;

/// <summary>One cell run through the prelude with a local interpreter, decoded.</summary>
internal sealed record CellOutcome(CellRun Run, IReadOnlyList<StdoutPiece> Pieces, string Nonce)
{
    public static async Task<CellOutcome> RunAsync(
        string code,
        CellOptions? options = null,
        IReadOnlyDictionary<string, JsonElement>? values = null,
        byte[]? session = null,
        string python = LocalPython.Default,
        string cellName = "cell-1.py",
        bool isolated = false)
    {
        var nonce = CellProgram.NewNonce();
        var parts = CellProgram.Build(code, cellName, nonce, values, session, options ?? new CellOptions());
        var run = await LocalPython.RunAsync(parts, python, isolated);
        return new CellOutcome(run, run.Decode(nonce), nonce);
    }

    /// <summary>All the text the cell printed to stdout, frames taken out.</summary>
    public string Text => string.Concat(Pieces.OfType<TextPiece>().Select(t => t.Text));

    public IReadOnlyList<RemoteFrame> Frames =>
        Pieces.OfType<FramePiece>().Select(f => RemoteFrame.From(f)!).ToList();

    public T Single<T>() where T : RemoteFrame => Assert.Single(Frames.OfType<T>());

    /// <summary>A note for assertion messages: what the run printed.</summary>
    public override string ToString() => $"exit {Run.ExitCode}\nstdout: {Text}\nstderr: {Run.Stderr}";
}
