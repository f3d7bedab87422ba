using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Tests.Prelude;

/// <summary>What a local run printed and how it ended.</summary>
internal sealed record CellRun(string Stdout, string Stderr, int ExitCode)
{
    /// <summary>Stdout through a decoder, in one chunk, then flushed.</summary>
    public IReadOnlyList<StdoutPiece> Decode(string nonce)
    {
        var decoder = new FrameDecoder(nonce);
        return [.. decoder.Feed(Stdout), .. decoder.Flush()];
    }
}
