using Lyceum.Interactive.Remote;

namespace Lyceum.Interactive.Tests;

public sealed class CellSyntaxTests
{
    [Fact]
    public void requirements_lines_become_requirements_and_keep_the_code_lines_in_place()
    {
        var cell = Read("#!requirements numpy==1.26.4 pandas\nimport numpy\n#!requirements \"scipy>=1.0\"\nprint(1)");
        Assert.Equal(["numpy==1.26.4", "pandas", "scipy>=1.0"], cell.Requirements);
        Assert.Equal("\nimport numpy\n\nprint(1)", cell.Code);
        Assert.Equal("numpy==1.26.4\npandas\nscipy>=1.0\n", CellSyntax.RequirementsContent(cell.Requirements));
    }

    [Fact]
    public void code_is_laid_out_on_the_lines_of_the_submitted_cell()
    {
        var cell = "#!lyceum-python --machine cpu\n#!requirements numpy\nimport numpy\n#!set --name x --value @csharp:x\nprint(x)";
        Assert.Equal("\n\nimport numpy\n\nprint(x)", CellSyntax.AlignToCell("import numpy\nprint(x)", cell));
    }

    [Theory]
    [InlineData("#!lyceum-python --machine\nprint(1)", true)]
    [InlineData("#!lyceum-python --machine --timeout 30\nprint(1)", true)]
    [InlineData("#!lyceum-python --machine gpu.a100\nprint(1)", false)]
    [InlineData("#!lyceum-python-2 --machine\nprint(1)", false)]
    [InlineData("print('--machine')", false)]
    public void a_kernel_option_without_a_value_is_recognised_on_the_kernel_line(string cell, bool bare) =>
        Assert.Equal(bare, CellSyntax.Read("print(1)", [], cell, "lyceum-python", "/").Bare.Contains("--machine"));

    [Theory]
    [InlineData("#!lyceum-python --storage --machine cpu", null, true)]
    [InlineData("#!lyceum-python --machine cpu --storage", null, true)]
    [InlineData("#!lyceum-python --storage off", "off", false)]
    [InlineData("#!lyceum-python --storage TRUE", "TRUE", true)]
    [InlineData("#!lyceum-python --machine cpu", null, null)]
    public void a_flag_typed_alone_is_on_and_a_flag_given_a_value_takes_it(string line, string? handed, bool? storage)
    {
        KeyValuePair<string, string>[] parameters = handed is null ? [] : [new("--storage", handed)];

        var cell = CellSyntax.Read("print(1)", parameters, line + "\nprint(1)", "lyceum-python", "/");

        Assert.Equal(storage, cell.Storage);
        Assert.Empty(cell.Bare);
    }

    [Fact]
    public void code_from_a_cell_that_mixes_kernels_is_kept_as_it_is()
    {
        var cell = "#!csharp\nvar x = 1;\n#!lyceum-python\nprint(1)";
        Assert.Equal("print(1)", CellSyntax.AlignToCell("print(1)", cell));
        Assert.Equal("print(1)", CellSyntax.AlignToCell("print(1)", null));
    }

    [Fact]
    public void a_file_option_reads_a_requirements_file_without_comments()
    {
        var folder = Directory.CreateTempSubdirectory("lyceum-cellsource-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "req.txt"), "# pinned\nrequests==2.32.0\n\nrich\n");
            var cell = CellSyntax.Read("#!requirements --file req.txt tqdm\nx = 1", [], null, "lyceum-python", folder.FullName);
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
        var error = Assert.Throws<LyceumCommandException>(() => Read(line + "\nprint(1)"));
        Assert.Contains(expected, error.Message);
        Assert.Contains("line 1", error.Message);
    }

    [Fact]
    public void a_cell_without_requirements_is_unchanged() =>
        Assert.Equal("print('#!requirements is text here')\n", Read("print('#!requirements is text here')\n").Code);

    [Fact]
    public void the_host_strips_requirements_lines_and_the_reader_takes_them_from_the_cell_as_typed()
    {
        const string typed = "#!lyceum-python --machine cpu\n#!requirements numpy\nprint(1)";
        var cell = CellSyntax.Read("print(1)", [new("--machine", "cpu")], typed, "lyceum-python", "/");
        Assert.Equal(["numpy"], cell.Requirements);
        Assert.Equal("cpu", cell.Machine);
        Assert.Equal("\n\nprint(1)", cell.Code);
    }

    [Theory]
    [InlineData("df,metrics", new[] { "df", "metrics" })]
    [InlineData("\"df, metrics\"", new[] { "df", "metrics" })]
    [InlineData("*", new[] { "*" })]
    [InlineData("df,df", new[] { "df" })]
    public void export_takes_names_or_a_star(string value, string[] expected) =>
        Assert.Equal(expected, CellSyntax.Read("x = 1", [new("--export", value)], null, "lyceum-python", "/").Export);

    [Theory]
    [InlineData("1df", "'1df' is not a Python variable name")]
    [InlineData("df,*", "or * alone")]
    public void export_of_something_that_is_not_a_name_says_what_to_give(string value, string expected)
    {
        var cell = CellSyntax.Read("x = 1", [new("--export", value)], null, "lyceum-python", "/");
        Assert.Contains(expected, Assert.Throws<LyceumCommandException>(() => cell.Export).Message);
    }

    [Fact]
    public void export_without_names_says_how_to_write_it()
    {
        var cell = CellSyntax.Read("x = 1", [], "#!lyceum-python --export\nx = 1", "lyceum-python", "/");
        Assert.StartsWith("--export needs a value, e.g. --export df,metrics", Assert.Throws<LyceumCommandException>(() => cell.Export).Message);
    }

    [Fact]
    public void a_cell_without_export_leaves_it_to_the_kernel() =>
        Assert.Null(Read("x = 1").Export);

    private static CellHeader Read(string cell) => CellSyntax.Read(cell, [], null, "lyceum-python", "/");
}
