using Lyceum.Client;
using Lyceum.Interactive.Prelude;
using Lyceum.Interactive.Tests.Infrastructure;

namespace Lyceum.Interactive.Tests.Prelude;

/// <summary>The prelude through the real path: Lyceum.Client starts the run on Lyceum Local and streams its output
/// in whatever chunks the stream delivers; the decoder gets each stdout chunk as it arrives.</summary>
public class PreludeOverLyceumLocalTests(LocalServerFixture local) : IClassFixture<LocalServerFixture>
{
    private async Task<(ExecutionFinished Finished, List<StdoutPiece> Pieces, string Stderr)> RunAsync(
        string code, CellOptions options, byte[]? session = null)
    {
        using var client = local.NewClient();
        var nonce = CellProgram.NewNonce();
        var parts = CellProgram.Build(code, "cell-1.py", nonce, null, session, options);
        var started = await client.Executions.StartPythonAsync(new PythonRunRequest(parts.Code) { ImportFiles = parts.ImportFiles });
        var decoder = new FrameDecoder(nonce);
        var pieces = new List<StdoutPiece>();
        var stderr = "";
        await foreach (var e in client.Executions.StreamAsync(started))
        {
            switch (e)
            {
                case ExecutionOutput { Stream: OutputStreamKind.Stderr } error:
                    stderr += error.Text;
                    break;
                case ExecutionOutput output:
                    pieces.AddRange(decoder.Feed(output.Text));
                    break;
                case ExecutionFinished finished:
                    pieces.AddRange(decoder.Flush());
                    return (finished, pieces, stderr);
            }
        }
        throw new InvalidOperationException("The stream ended without a finished message.");
    }

    [Fact]
    public async Task rich_output_a_result_and_variables_arrive_through_lyceum_local()
    {
        var (finished, pieces, _) = await RunAsync("""
            import time
            class Table:
                def _repr_html_(self): return "<table><tr><td>1</td></tr></table>"
                def _repr_png_(self): return bytes(range(256))
            print("first")
            time.sleep(0.3)
            display(Table())
            print("second")
            answer = {"value": 42}
            answer["value"]
            """, new CellOptions { Exports = ["answer"] });

        Assert.Equal("completed", finished.Status);
        var text = string.Concat(pieces.OfType<TextPiece>().Select(p => p.Text));
        Assert.Equal("first\nsecond\n", text);
        var frames = pieces.OfType<FramePiece>().Select(f => RemoteFrame.From(f)).ToList();
        var display = Assert.IsType<DisplayFrame>(frames[0]);
        Assert.Equal("<table><tr><td>1</td></tr></table>", display.Data["text/html"]);
        Assert.Equal(Enumerable.Range(0, 256).Select(i => (byte)i), Convert.FromBase64String(display.Data["image/png"]));
        Assert.Equal("42", Assert.IsType<ResultFrame>(frames[1]).PlainText);
        Assert.Equal(42, Assert.IsType<VariablesFrame>(frames[2]).Values["answer"].GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task a_failing_cell_fails_the_run_with_the_cells_traceback()
    {
        var (finished, _, stderr) = await RunAsync("x = 1\nraise ValueError('bad input')\n", new CellOptions());

        Assert.Equal("failed_user", finished.Status);
        Assert.Contains("File \"cell-1.py\", line 2, in <module>", stderr);
        Assert.EndsWith("ValueError: bad input\n", stderr);
        Assert.DoesNotContain("lyceum_prelude", stderr);
    }

    [Fact]
    public async Task session_state_travels_from_one_run_to_the_next_through_lyceum_local()
    {
        var options = new CellOptions { Session = true };
        var (_, first, _) = await RunAsync("class Box:\n    def __init__(self, v): self.v = v\nbox = Box([1, 2])\n", options);
        var state = first.OfType<FramePiece>().Select(f => RemoteFrame.From(f)).OfType<SessionFrame>().Single();

        var (finished, second, _) = await RunAsync("print(type(box).__name__, box.v)", options, state.State);

        Assert.Equal("completed", finished.Status);
        Assert.Equal("Box [1, 2]\n", string.Concat(second.OfType<TextPiece>().Select(p => p.Text)));
    }
}
