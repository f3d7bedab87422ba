using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests;

/// <summary>The flags of a remote kernel line (--session, --storage, --fail-fast) typed bare or with on/off/true/false.</summary>
public sealed class FlagOptionTests : IClassFixture<LocalServerFixture>
{
    private readonly LocalServerFixture _local;

    public FlagOptionTests(LocalServerFixture local)
    {
        _local = local;
        Formatter.ResetToDefault();
    }

    [Theory]
    [InlineData("--session false")]
    [InlineData("--session off")]
    [InlineData("--storage false")]
    [InlineData("--storage Off")]
    [InlineData("--fail-fast false")]
    [InlineData("--fail-fast on")]
    [InlineData("--session true --storage off --fail-fast false --machine cpu")]
    public async Task a_flag_given_a_value_on_the_kernel_line_runs_the_cell(string options)
    {
        using var notebook = new Notebook(_local.NewClient());

        var result = await notebook.SubmitAsync($"#!lyceum-python {options}\nprint('ran')");

        result.Succeeded();
        Assert.Equal("ran\n", result.Stdout());
    }

    [Fact]
    public async Task session_off_on_a_cell_of_a_session_kernel_starts_that_cell_empty()
    {
        using var notebook = new Notebook(_local.NewClient());
        (await notebook.SubmitAsync("#!connect lyceum --kernel-name data --session")).Succeeded();
        (await notebook.SubmitAsync("#!data\ncounter = 41")).Succeeded();

        var off = await notebook.SubmitAsync("#!data --session false\nprint('counter' in globals())");
        var on = await notebook.SubmitAsync("#!data --machine cpu\nprint(counter + 1)");

        Assert.Equal("False\n", off.Stdout());
        Assert.Equal("42\n", on.Stdout());
    }

    [Fact]
    public async Task session_on_and_true_carry_state_like_a_bare_session_flag()
    {
        using var notebook = new Notebook(_local.NewClient());

        (await notebook.SubmitAsync("#!lyceum-python --session on\ncounter = 41")).Succeeded();
        var second = await notebook.SubmitAsync("#!lyceum-python --session true\nprint(counter + 1)");

        Assert.Equal("42\n", second.Stdout());
    }

    [Fact]
    public async Task storage_off_on_a_cell_of_a_storage_kernel_leaves_that_cell_without_the_bucket()
    {
        using var notebook = new Notebook(_local.NewClient());
        (await notebook.SubmitAsync("#!connect lyceum --kernel-name data --storage")).Succeeded();

        var off = await notebook.SubmitAsync("#!data --storage false\nlyceum.bucket()");

        Assert.Contains("lyceum.bucket() needs storage access: start the cell with #!data --storage", off.Failed().Message + off.Stderr());
    }

    [Theory]
    [InlineData("#!lyceum-python --storage maybe\nprint('ran')", "--storage maybe")]
    [InlineData("#!lyceum-python --session yes-please\nprint('ran')", "--session yes-please")]
    [InlineData("#!connect lyceum --kernel-name data --session sometimes", "--session sometimes")]
    public async Task a_flag_given_a_value_it_does_not_know_fails_saying_how_to_write_it(string cell, string typed)
    {
        using var notebook = new Notebook(_local.NewClient());

        var result = await notebook.SubmitAsync(cell);

        var failed = result.Failed();
        Assert.StartsWith(typed + ":", failed.Message);
        Assert.Contains("on or off", failed.Message);
        Assert.DoesNotContain("   at ", failed.Message);
        Assert.DoesNotContain("ran", result.Stdout());
    }

    [Theory]
    [InlineData("--session false", "False\n")]
    [InlineData("--session off", "False\n")]
    [InlineData("--session on", "True\n")]
    [InlineData("--session", "True\n")]
    public async Task a_connected_kernel_takes_its_session_flag_bare_or_with_a_value(string option, string carried)
    {
        using var notebook = new Notebook(_local.NewClient());

        (await notebook.SubmitAsync($"#!connect lyceum --kernel-name data {option}")).Succeeded();
        (await notebook.SubmitAsync("#!data\ncounter = 41")).Succeeded();
        var second = await notebook.SubmitAsync("#!data\nprint('counter' in globals())");

        Assert.Equal(carried, second.Stdout());
    }
}
