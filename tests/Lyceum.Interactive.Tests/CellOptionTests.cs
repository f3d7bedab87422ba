using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests;

public sealed class CellOptionTests : IClassFixture<LocalServerFixture>
{
    private readonly LocalServerFixture _local;

    public CellOptionTests(LocalServerFixture local)
    {
        _local = local;
        Formatter.ResetToDefault();
    }

    [Fact]
    public async Task a_machine_option_without_a_value_fails_naming_the_machine_types_instead_of_running_elsewhere()
    {
        using var notebook = new Notebook(_local.NewClient());

        var result = await notebook.SubmitAsync("#!lyceum-python --machine\nprint('ran')");

        var failed = result.Failed();
        Assert.Contains("--machine needs a machine type", failed.Message);
        Assert.Contains("cpu", failed.Message);
        Assert.DoesNotContain("ran", result.Stdout());
    }

    [Fact]
    public async Task a_cell_may_name_the_values_it_exports_and_a_connected_kernel_may_too()
    {
        using var notebook = new Notebook(_local.NewClient());

        (await notebook.SubmitAsync("#!lyceum-python --export x,y\nx = 1\ny = 2")).Succeeded();
        (await notebook.SubmitAsync("#!connect lyceum --kernel-name exporting --export *")).Succeeded();
        (await notebook.SubmitAsync("#!exporting\nz = 3")).Succeeded();
    }

    [Fact]
    public async Task an_export_option_without_names_fails_saying_how_to_write_it()
    {
        using var notebook = new Notebook(_local.NewClient());

        var result = await notebook.SubmitAsync("#!lyceum-python --export\nprint('ran')");

        Assert.StartsWith("--export needs a value, e.g. --export df,metrics", result.Failed().Message);
        Assert.DoesNotContain("ran", result.Stdout());
    }

    [Theory]
    [InlineData("#!lyceum abort", "Missing argument: #!lyceum abort EXECUTION-ID")]
    [InlineData("#!lyceum attach", "Missing argument: #!lyceum attach EXECUTION-ID")]
    [InlineData("#!lyceum upload", "Missing argument: #!lyceum upload PATH [--key KEY]")]
    [InlineData("#!lyceum image", "Missing argument: #!lyceum image IMAGE-REF")]
    [InlineData("#!lyceum download", "Missing argument: #!lyceum download KEY [--to PATH]")]
    public async Task a_command_missing_its_argument_says_how_to_write_it_in_our_words(string cell, string expected)
    {
        using var notebook = new Notebook(_local.NewClient());

        var failed = (await notebook.SubmitAsync(cell)).Failed();

        Assert.StartsWith(expected, failed.Message);
        Assert.DoesNotContain("DNI", failed.Message);
    }
}
