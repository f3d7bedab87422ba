using Lyceum.Interactive.Prelude;
using Lyceum.Interactive.Remote;

namespace Lyceum.Interactive.Tests;

public sealed class StdoutFramesTests
{
    private const string Nonce = "0123456789abcdef0123456789abcdef";
    private const string Frame = "\x1e" + Nonce + ":display:{\"data\":{\"text/plain\":\"1\"}}\x1f";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public void a_run_attached_from_elsewhere_has_its_frames_taken_out_in_any_chunk_size(int chunkSize)
    {
        var (text, frames) = Feed(StdoutFrames.Learning(), "before\n" + Frame + "after\n" + Frame, chunkSize);

        Assert.Equal("before\nafter\n", text);
        Assert.Equal(2, frames);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void text_that_only_looks_like_a_marker_is_shown_as_it_is(int chunkSize)
    {
        const string output = "a\x1eb:c\n\x1e\nshort\x1e0123:x\n";

        var (text, frames) = Feed(StdoutFrames.Learning(), output, chunkSize);

        Assert.Equal(output, text);
        Assert.Equal(0, frames);
    }

    [Fact]
    public void a_cells_run_uses_its_own_nonce_and_a_forged_marker_stays_text()
    {
        const string forged = "\x1e" + "ffffffffffffffffffffffffffffffff:display:{}\x1f";

        var (text, frames) = Feed(StdoutFrames.ForNonce(Nonce), forged + Frame, 4);

        Assert.Equal(forged, text);
        Assert.Equal(1, frames);
    }

    private static (string Text, int Frames) Feed(StdoutFrames decoder, string output, int chunkSize)
    {
        var pieces = new List<StdoutPiece>();
        for (var i = 0; i < output.Length; i += chunkSize)
            pieces.AddRange(decoder.Feed(output.Substring(i, Math.Min(chunkSize, output.Length - i))));
        pieces.AddRange(decoder.Flush());
        return (string.Concat(pieces.OfType<TextPiece>().Select(p => p.Text)), pieces.OfType<FramePiece>().Count());
    }
}
