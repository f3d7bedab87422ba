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
    public async Task the_cells_code_cannot_find_the_nonce_in_modules_files_or_the_environment()
    {
        // What user code could reach by ordinary means: every module's attributes and the objects, dicts and
        // lists they hold (three levels deep), the environment, the run folder's files, the globals.
        var cell = await CellOutcome.RunAsync("""
            import os, sys
            seen, found = set(), []
            def walk(value, depth):
                if isinstance(value, str):
                    found.append(value)
                    return
                if isinstance(value, bytes):
                    found.append(value.decode("latin-1"))
                    return
                if depth == 0 or id(value) in seen:
                    return
                seen.add(id(value))
                if isinstance(value, dict):
                    items = list(value.values()) + list(value.keys())
                elif isinstance(value, (list, tuple, set)):
                    items = list(value)
                else:
                    items = list(getattr(value, "__dict__", {}).values())
                for item in items:
                    walk(item, depth - 1)
            for module in list(sys.modules.values()):
                walk(module, 3)
            walk(dict(os.environ), 1)
            walk(globals(), 3)
            for root, _, files in os.walk("."):
                for name in files:
                    with open(os.path.join(root, name), "rb") as handle:
                        found.append(handle.read().decode("latin-1"))
            print(len(found) > 1000)
            print("\n".join(found).encode("unicode_escape").decode("ascii"))
            """);

        Assert.StartsWith("True\n", cell.Text);
        Assert.DoesNotContain(cell.Nonce, cell.Text);
        Assert.Equal(0, cell.Run.ExitCode);
    }

    [Fact]
    public async Task frames_still_arrive_when_the_cell_redirects_stdout()
    {
        var cell = await CellOutcome.RunAsync("""
            import io, os, sys
            sys.stdout = io.StringIO()
            display("shown")
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            display("still shown")
            """);

        Assert.Equal(["'shown'", "'still shown'"], cell.Frames.OfType<DisplayFrame>().Select(d => d.PlainText));
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
