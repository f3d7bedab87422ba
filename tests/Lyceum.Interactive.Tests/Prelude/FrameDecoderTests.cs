using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Tests.Prelude;

public class FrameDecoderTests
{
    private const string Nonce = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

    private static string Frame(string kind, string json) => $"\x1e{Nonce}:{kind}:{json}\x1f";

    [Fact]
    public void text_without_a_marker_is_released_at_once_and_unchanged()
    {
        var decoder = new FrameDecoder(Nonce);

        var pieces = decoder.Feed("plain \u001b[31mred\u001b[0m text\r\n");

        Assert.Equal([new TextPiece("plain \u001b[31mred\u001b[0m text\r\n")], pieces);
    }

    [Fact]
    public void only_a_possible_marker_prefix_is_held_back()
    {
        var decoder = new FrameDecoder(Nonce);

        Assert.Equal([new TextPiece("progress 50%")], decoder.Feed("progress 50%\x1e" + Nonce[..5]));
        Assert.Equal([new TextPiece("\x1e" + Nonce[..5] + "zz")], decoder.Feed("zz"));
    }

    [Fact]
    public void a_held_prefix_is_released_when_the_output_ends()
    {
        var decoder = new FrameDecoder(Nonce);

        Assert.Empty(decoder.Feed("\x1e" + Nonce[..3]));
        Assert.Equal([new TextPiece("\x1e" + Nonce[..3])], decoder.Flush());
    }

    [Fact]
    public void a_frame_between_text_comes_out_in_order()
    {
        var decoder = new FrameDecoder(Nonce);

        var pieces = decoder.Feed("a" + Frame("display", """{"data":{"text/plain":"1"}}""") + "b");

        Assert.Equal(3, pieces.Count);
        Assert.Equal(new TextPiece("a"), pieces[0]);
        var frame = Assert.IsType<FramePiece>(pieces[1]);
        Assert.Equal("display", frame.Kind);
        Assert.Equal("1", Assert.IsType<DisplayFrame>(RemoteFrame.From(frame)).PlainText);
        Assert.Equal(new TextPiece("b"), pieces[2]);
    }

    [Fact]
    public void a_frame_with_a_guessed_nonce_is_text()
    {
        var decoder = new FrameDecoder(Nonce);
        var forged = "\x1e" + Nonce[..^1] + "x:display:{}\x1f";

        var pieces = decoder.Feed(forged).Concat(decoder.Flush());

        Assert.Equal(forged, string.Concat(pieces.Cast<TextPiece>().Select(p => p.Text)));
    }

    [Fact]
    public void a_frame_cut_off_by_the_end_of_the_run_is_reported_without_the_nonce()
    {
        var decoder = new FrameDecoder(Nonce);
        decoder.Feed("x" + Frame("session", "{\"state\":\"abc")[..^1]);

        var text = Assert.IsType<TextPiece>(Assert.Single(decoder.Flush())).Text;

        Assert.Contains("'session' output frame was dropped", text);
        Assert.DoesNotContain(Nonce, text);
    }

    [Fact]
    public void a_frame_with_damaged_json_is_reported_and_the_next_frame_still_parses()
    {
        var decoder = new FrameDecoder(Nonce);

        var pieces = decoder.Feed(Frame("display", "{\"data\":") + Frame("result", """{"data":{"text/plain":"2"}}"""));

        Assert.Contains("dropped", Assert.IsType<TextPiece>(pieces[0]).Text);
        Assert.Equal("2", Assert.IsType<ResultFrame>(RemoteFrame.From((FramePiece)pieces[1])).PlainText);
    }

    [Fact]
    public void an_unknown_frame_kind_is_left_to_newer_versions()
    {
        var decoder = new FrameDecoder(Nonce);

        var frame = Assert.IsType<FramePiece>(Assert.Single(decoder.Feed(Frame("progress", "{\"done\":1}"))));

        Assert.Null(RemoteFrame.From(frame));
    }

    [Fact]
    public void a_known_frame_in_the_wrong_shape_says_so()
    {
        var decoder = new FrameDecoder(Nonce);
        var frame = (FramePiece)decoder.Feed(Frame("display", "{\"nodata\":1}"))[0];

        var error = Assert.Throws<FormatException>(() => RemoteFrame.From(frame));

        Assert.Contains("'display' frame is not in the expected shape", error.Message);
    }

    [Fact]
    public void a_frame_over_the_size_limit_is_dropped_with_one_note_and_the_next_frame_still_arrives()
    {
        var decoder = new FrameDecoder(Nonce, maxFrameChars: 100);
        var big = Frame("session", "{\"state\":\"" + new string('A', 500) + "\"}");
        var stdout = "before\n" + big + "after\n" + Frame("result", "{\"data\":{}}");

        var pieces = stdout.Chunk(7).SelectMany(c => decoder.Feed(new string(c))).Concat(decoder.Flush()).ToList();

        var text = string.Concat(pieces.OfType<TextPiece>().Select(t => t.Text));
        Assert.Equal("before\n[lyceum: a 'session' output frame was dropped: it is larger than 0 MB, the most one frame may carry]\nafter\n", text);
        Assert.Equal("result", Assert.Single(pieces.OfType<FramePiece>()).Kind);
    }
}
