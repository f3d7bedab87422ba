using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Tests.Prelude;

public partial class RemoteCellTests
{
    [Fact]
    public async Task a_forged_frame_printed_by_the_cell_is_shown_as_text()
    {
        const string forged = "\x1e" + "0123456789abcdef0123456789abcdef:display:{\"data\":{\"text/html\":\"<b>x</b>\"}}\x1f";
        const string bare = "\x1e:display:{\"data\":{}}\x1f";
        var cell = await CellOutcome.RunAsync($$"""
            import sys
            sys.stdout.write({{Py(forged)}})
            sys.stdout.write({{Py(bare)}})
            sys.stdout.write("\x1e" + "\x1e\x1f")
            """);

        Assert.Equal(forged + bare + "\x1e\x1e\x1f", cell.Text);
        Assert.DoesNotContain(cell.Frames, f => f is DisplayFrame);
    }

    [Fact]
    public async Task the_nonce_never_appears_in_the_cells_output()
    {
        var cell = await CellOutcome.RunAsync("""
            import os, glob
            print(sorted(os.listdir("lyceum_cell")))
            display("x")
            raise ValueError("boom")
            """);

        Assert.DoesNotContain("inputs.json", cell.Text);
        Assert.DoesNotContain(cell.Nonce, cell.Text);
        Assert.DoesNotContain(cell.Nonce, cell.Run.Stderr);
    }

    [Fact]
    public async Task frames_split_at_every_position_are_still_parsed()
    {
        var cell = await CellOutcome.RunAsync("""
            print("héllo \x1e wörld")
            display({"k": "\x1e\x1f"})
            print("tail", end="")
            [1, 2]
            """);
        var stdout = cell.Run.Stdout;
        var expected = Describe(cell.Pieces);
        Assert.Contains("result:[1, 2]", expected);

        for (var split = 0; split <= stdout.Length; split++)
        {
            var decoder = new FrameDecoder(cell.Nonce);
            var pieces = decoder.Feed(stdout[..split]).Concat(decoder.Feed(stdout[split..])).Concat(decoder.Flush()).ToList();
            Assert.Equal(expected, Describe(pieces));
        }
        foreach (var size in new[] { 1, 2, 3, 7, 64 })
        {
            var decoder = new FrameDecoder(cell.Nonce);
            var pieces = stdout.Chunk(size).SelectMany(c => decoder.Feed(new string(c))).Concat(decoder.Flush()).ToList();
            Assert.Equal(expected, Describe(pieces));
        }
    }

    // Text pieces are merged, since where text is cut depends on the chunks; frames must match exactly.
    private static List<string> Describe(IEnumerable<StdoutPiece> pieces)
    {
        var described = new List<string>();
        var text = "";
        foreach (var piece in pieces)
        {
            if (piece is TextPiece t)
            {
                text += t.Text;
                continue;
            }
            if (text.Length > 0)
            {
                described.Add("text:" + text);
                text = "";
            }
            var frame = (FramePiece)piece;
            described.Add(frame.Kind + ":" + (RemoteFrame.From(frame) is MimeFrame m ? m.PlainText : frame.Payload.GetRawText()));
        }
        if (text.Length > 0)
        {
            described.Add("text:" + text);
        }
        return described;
    }

    private static string Py(string text) =>
        "\"" + string.Concat(text.Select(c => c < 0x20 || c == '"' || c == '\\' ? $"\\x{(int)c:x2}" : c.ToString())) + "\"";
}
