namespace Lyceum.Runner.Tests;

public sealed class CellTagsTests : IDisposable
{
    private readonly TestNotebooks _notebooks = new();

    [Fact]
    public void ipynb_raises_exception_tag_marks_a_cell_as_expected_to_fail()
    {
        var path = _notebooks.Ipynb(
            "tags.ipynb",
            ("csharp", "throw new Exception();", ["raises-exception"]),
            ("csharp", "1 + 1", ["other"]),
            ("csharp", "2 + 2", []));

        var cells = NotebookCell.Plan(NotebookFile.Load(path).Document, "csharp", feed: null);

        Assert.Equal([true, false, false], cells.Select(c => c.ExpectsError));
    }

    [Fact]
    public void dib_cell_is_tagged_by_a_first_line_comment()
    {
        var path = _notebooks.Write(
            "tags.dib",
            "#!csharp\n\n// tags: raises-exception\nthrow new Exception();\n\n#!lyceum-python\n\n# tags: slow, raises-exception\nraise SystemExit(1)\n\n#!csharp\n\n1 + 1\n// tags: raises-exception\n");

        var cells = NotebookCell.Plan(NotebookFile.Load(path).Document, "csharp", feed: null);

        Assert.Equal([true, true, false], cells.Select(c => c.ExpectsError));
    }

    [Fact]
    public void dib_comment_tags_are_kept_as_jupyter_tags_in_the_executed_notebook()
    {
        var notebook = NotebookFile.Load(_notebooks.Write("t.dib", "#!csharp\n\n// tags: raises-exception\nthrow new Exception();\n"));
        CellTags.StoreInMetadata(notebook.Document.Elements[0]);
        var output = Path.Combine(_notebooks.Folder, "t.out.ipynb");

        notebook.Write(output);

        var cell = System.Text.Json.JsonDocument.Parse(File.ReadAllText(output)).RootElement.GetProperty("cells")[0];
        Assert.Equal("raises-exception", cell.GetProperty("metadata").GetProperty("tags")[0].GetString());
    }

    public void Dispose() => _notebooks.Dispose();
}
