using Lyceum.Interactive.Remote;

namespace Lyceum.Interactive.Tests;

public sealed class CellSourceTests
{
    [Fact]
    public void requirements_lines_become_requirements_and_keep_the_code_lines_in_place()
    {
        var cell = CellSource.Parse("#!requirements numpy==1.26.4 pandas\nimport numpy\n#!requirements \"scipy>=1.0\"\nprint(1)", "/");
        Assert.Equal(["numpy==1.26.4", "pandas", "scipy>=1.0"], cell.Requirements);
        Assert.Equal("\nimport numpy\n\nprint(1)", cell.Code);
        Assert.Equal("numpy==1.26.4\npandas\nscipy>=1.0\n", CellSource.Content(cell.Requirements));
    }

    [Fact]
    public void code_is_laid_out_on_the_lines_of_the_submitted_cell()
    {
        var cell = "#!lyceum-python --machine cpu\n#!requirements numpy\nimport numpy\n#!set --name x --value @csharp:x\nprint(x)";
        Assert.Equal("\n\nimport numpy\n\nprint(x)", CellSource.AlignToCell("import numpy\nprint(x)", cell));
    }

    [Theory]
    [InlineData("#!lyceum-python --machine\nprint(1)", true)]
    [InlineData("#!lyceum-python --machine --timeout 30\nprint(1)", true)]
    [InlineData("#!lyceum-python --machine gpu.a100\nprint(1)", false)]
    [InlineData("#!lyceum-python-2 --machine\nprint(1)", false)]
    [InlineData("print('--machine')", false)]
    public void a_kernel_option_without_a_value_is_recognised_on_the_kernel_line(string cell, bool bare) =>
        Assert.Equal(bare, CellSource.HasBareOption(cell, "lyceum-python", "--machine"));

    [Fact]
    public void code_from_a_cell_that_mixes_kernels_is_kept_as_it_is()
    {
        var cell = "#!csharp\nvar x = 1;\n#!lyceum-python\nprint(1)";
        Assert.Equal("print(1)", CellSource.AlignToCell("print(1)", cell));
        Assert.Equal("print(1)", CellSource.AlignToCell("print(1)", null));
    }

    [Fact]
    public void a_file_option_reads_a_requirements_file_without_comments()
    {
        var folder = Directory.CreateTempSubdirectory("lyceum-cellsource-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "req.txt"), "# pinned\nrequests==2.32.0\n\nrich\n");
            var cell = CellSource.Parse("#!requirements --file req.txt tqdm\nx = 1", folder.FullName);
            Assert.Equal(["requests==2.32.0", "rich", "tqdm"], cell.Requirements);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("#!requirements", "needs packages")]
    [InlineData("#!requirements --file", "--file needs a path")]
    [InlineData("#!requirements --upgrade numpy", "knows only --file")]
    [InlineData("#!requirements --file /no/such/requirements.txt", "does not exist")]
    public void malformed_requirements_lines_fail_saying_what_to_write(string line, string expected)
    {
        var error = Assert.Throws<LyceumCommandException>(() => CellSource.Parse(line + "\nprint(1)", "/"));
        Assert.Contains(expected, error.Message);
        Assert.Contains("line 1", error.Message);
    }

    [Fact]
    public void a_cell_without_requirements_is_unchanged() =>
        Assert.Equal("print('#!requirements is text here')\n", CellSource.Parse("print('#!requirements is text here')\n", "/").Code);
}
