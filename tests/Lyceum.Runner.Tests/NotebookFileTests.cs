using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;

namespace Lyceum.Runner.Tests;

public sealed class NotebookFileTests : IDisposable
{
    private readonly TestNotebooks _notebooks = new();

    [Fact]
    public void executed_notebook_goes_beside_the_input_as_out_ipynb()
    {
        Assert.Equal(
            Path.Combine(_notebooks.Folder, "quickstart.out.ipynb"),
            NotebookFile.DefaultOutputPath(Path.Combine(_notebooks.Folder, "quickstart.dib")));
    }

    [Fact]
    public void dib_cells_split_on_every_kernel_including_ones_the_notebook_connects()
    {
        var path = _notebooks.Write(
            "k.dib",
            "#!csharp\n\n#!connect lyceum --kernel-name gpu --machine gpu.a100\n\n#!gpu\n\nprint(1)\n\n#!pwsh\n\nGet-Date\n\n#!lyceum-python\n\nprint(2)\n");

        var cells = NotebookFile.Load(path).Document.Elements;

        Assert.Equal(["csharp", "gpu", "pwsh", "lyceum-python"], cells.Select(c => c.KernelName));
    }

    [Fact]
    public void written_notebook_keeps_cells_and_tags_and_adds_outputs()
    {
        var path = _notebooks.Ipynb("w.ipynb", ("markdown", "# Hello", []), ("csharp", "throw null;", ["raises-exception"]));
        var notebook = NotebookFile.Load(path);
        var cell = notebook.Document.Elements[1];
        cell.ExecutionOrder = 1;
        cell.Outputs.Add(new TextElement("hi\n", "stdout"));
        cell.Outputs.Add(new ErrorElement("boom", "System.Exception", ["System.Exception: boom"]));

        var output = Path.Combine(_notebooks.Folder, "out", "w.out.ipynb");
        notebook.Write(output);

        var written = JsonDocument.Parse(File.ReadAllText(output)).RootElement.GetProperty("cells");
        Assert.Equal("markdown", written[0].GetProperty("cell_type").GetString());
        var code = written[1];
        Assert.Equal("raises-exception", code.GetProperty("metadata").GetProperty("tags")[0].GetString());
        Assert.Equal(1, code.GetProperty("execution_count").GetInt32());
        Assert.Equal(["stream", "error"], code.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("output_type").GetString()));
        Assert.Equal("System.Exception", code.GetProperty("outputs")[1].GetProperty("ename").GetString());
        var metadata = JsonDocument.Parse(File.ReadAllText(output)).RootElement.GetProperty("metadata");
        Assert.Equal(".net-csharp", metadata.GetProperty("kernelspec").GetProperty("name").GetString());
        Assert.False(metadata.TryGetProperty("kernelInfo", out _));
    }

    [Fact]
    public void a_missing_notebook_is_named_in_the_error()
    {
        var error = Assert.Throws<RunnerUsageException>(() => NotebookFile.Load(Path.Combine(_notebooks.Folder, "nope.ipynb")));

        Assert.Contains("nope.ipynb' does not exist", error.Message);
    }

    [Fact]
    public void a_file_that_is_not_a_notebook_is_rejected()
    {
        var error = Assert.Throws<RunnerUsageException>(() => NotebookFile.Load(_notebooks.Write("x.py", "print(1)")));

        Assert.Contains("the runner reads .ipynb and .dib notebooks", error.Message);
    }

    [Fact]
    public void a_broken_ipynb_is_reported_as_unreadable()
    {
        var error = Assert.Throws<RunnerUsageException>(() => NotebookFile.Load(_notebooks.Write("b.ipynb", "{ not json")));

        Assert.StartsWith("Could not read notebook", error.Message);
    }

    public void Dispose() => _notebooks.Dispose();
}
