using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Tests.Prelude;

public partial class RemoteCellTests
{
    [Fact]
    public async Task an_object_with_repr_html_renders_as_an_html_display()
    {
        var cell = await CellOutcome.RunAsync("""
            class Table:
                def _repr_html_(self):
                    return "<table><tr><td>1</td></tr></table>"
                def __repr__(self):
                    return "Table(1 row)"
            display(Table())
            """);

        Assert.Equal(0, cell.Run.ExitCode);
        var display = cell.Single<DisplayFrame>();
        Assert.Equal("<table><tr><td>1</td></tr></table>", display.Data["text/html"]);
        Assert.Equal("Table(1 row)", display.PlainText);
        Assert.Equal(["text/html", "text/plain"], display.ToFormattedValues().Select(f => f.MimeType));
    }

    [Fact]
    public async Task a_png_from_repr_png_arrives_as_image_png_with_the_exact_bytes()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).Concat("\x89PNG\r\n\x1a\n\x1e\x1f"u8.ToArray()).ToArray();
        var literal = string.Concat(bytes.Select(b => $"\\x{b:x2}"));
        var cell = await CellOutcome.RunAsync($$"""
            class Picture:
                def _repr_png_(self):
                    return b"{{literal}}"
            display(Picture())
            """);

        var display = cell.Single<DisplayFrame>();
        Assert.Equal(bytes, Convert.FromBase64String(display.Data["image/png"]));
        Assert.Equal("image/png", display.ToFormattedValues()[0].MimeType);
    }

    [Fact]
    public async Task every_repr_method_of_the_ipython_protocol_becomes_its_mime_type()
    {
        var cell = await CellOutcome.RunAsync("""
            class Rich:
                def _repr_markdown_(self): return "**bold**"
                def _repr_svg_(self): return "<svg/>"
                def _repr_jpeg_(self): return b"\xff\xd8\xff"
                def _repr_json_(self): return {"a": [1, 2]}
                def _repr_latex_(self): return "$x^2$"
            display(Rich())
            """);

        var data = cell.Single<DisplayFrame>().Data;
        Assert.Equal("**bold**", data["text/markdown"]);
        Assert.Equal("<svg/>", data["image/svg+xml"]);
        Assert.Equal([0xff, 0xd8, 0xff], Convert.FromBase64String(data["image/jpeg"]));
        Assert.Equal("""{"a": [1, 2]}""", data["application/json"]);
        Assert.Equal("$x^2$", data["text/latex"]);
    }

    [Fact]
    public async Task the_last_expression_is_the_cells_result()
    {
        var cell = await CellOutcome.RunAsync("""
            x = 20
            x + 22
            """);

        Assert.Equal("42", cell.Single<ResultFrame>().PlainText);
        Assert.Empty(cell.Frames.OfType<DisplayFrame>());
    }

    [Fact]
    public async Task a_trailing_semicolon_suppresses_the_result()
    {
        var cell = await CellOutcome.RunAsync("""
            x = 20
            x + 22;  # quiet
            """);

        Assert.Equal(0, cell.Run.ExitCode);
        Assert.Empty(cell.Frames.OfType<ResultFrame>());
    }

    [Fact]
    public async Task a_last_expression_of_none_shows_nothing()
    {
        var cell = await CellOutcome.RunAsync("print('hi')");

        Assert.Equal("hi\n", cell.Text);
        Assert.Empty(cell.Frames.OfType<ResultFrame>());
    }

    [Fact]
    public async Task displays_stay_in_order_with_the_text_around_them()
    {
        var cell = await CellOutcome.RunAsync("""
            print("before", end="")
            display(1)
            print("between")
            display("two")
            print("after")
            3
            """);

        var order = cell.Pieces.Select(p => p switch
        {
            TextPiece t => "text:" + t.Text,
            FramePiece f => f.Kind + ":" + (RemoteFrame.From(f) is MimeFrame m ? m.PlainText : ""),
            _ => "?",
        }).Where(s => !s.StartsWith("variables", StringComparison.Ordinal));
        Assert.Equal(["text:before", "display:1", "text:between\n", "display:'two'", "text:after\n", "result:3"], order);
    }

    [Fact]
    public async Task a_cell_may_await_at_the_top_level_like_in_a_notebook()
    {
        var cell = await CellOutcome.RunAsync("""
            import asyncio
            value = await asyncio.sleep(0, result=21)
            await asyncio.sleep(0, result=value * 2)
            """);

        Assert.Equal("42", cell.Single<ResultFrame>().PlainText);
    }

    [Fact]
    public async Task top_level_await_runs_the_body_and_the_last_expression_in_one_event_loop()
    {
        var cell = await CellOutcome.RunAsync("""
            import asyncio
            async def work():
                await asyncio.sleep(0)
                return 41
            task = asyncio.create_task(work())
            await task + 1
            """);

        Assert.Equal("", cell.Run.Stderr);
        Assert.Equal("42", cell.Single<ResultFrame>().PlainText);
    }

    [Fact]
    public async Task shell_and_magic_lines_inside_strings_and_brackets_are_left_alone()
    {
        var cell = await CellOutcome.RunAsync(""""
            note = """
            !not a shell line
            %not a magic
            """
            rest = (7
            % 3)
            !echo from the shell
            print(repr(note), rest)
            """", new CellOptions { Exports = ["note"] });

        Assert.Equal("from the shell\n'\\n!not a shell line\\n%not a magic\\n' 1\n", cell.Text);
        Assert.Equal(0, cell.Run.ExitCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ipython_display_imports_show_rich_output_with_or_without_ipython_installed(bool withoutSitePackages)
    {
        var cell = await CellOutcome.RunAsync("""
            from IPython.display import display, HTML, Markdown, Image
            display(HTML("<b>bold</b>"), Markdown("*it*"))
            display(Image(data=b"\x89PNG\r\n\x1a\n"))
            """, isolated: withoutSitePackages);

        Assert.Equal("", cell.Run.Stderr);
        var shown = cell.Frames.OfType<DisplayFrame>().ToList();
        Assert.Equal("<b>bold</b>", shown[0].Data["text/html"]);
        Assert.Equal("*it*", shown[1].Data["text/markdown"]);
        Assert.Equal("\x89PNG\r\n\x1a\n", System.Text.Encoding.Latin1.GetString(Convert.FromBase64String(shown[2].Data["image/png"])));
    }
}
