using Lyceum.Interactive.Prelude;
namespace Lyceum.Interactive.Tests.Prelude;

public partial class RemoteCellTests
{
    [Fact]
    public async Task a_traceback_shows_only_the_cells_frames_with_its_line_numbers()
    {
        var cell = await CellOutcome.RunAsync("""
            def divide(a, b):
                return a / b

            print("start")
            divide(1, 0)
            """, cellName: "cell-7.py");

        Assert.Equal(1, cell.Run.ExitCode);
        Assert.Equal("start\n", cell.Text);
        var stderr = cell.Run.Stderr;
        Assert.StartsWith("Traceback (most recent call last):\n", stderr);
        Assert.Contains("File \"cell-7.py\", line 5, in <module>\n    divide(1, 0)", stderr);
        Assert.Contains("File \"cell-7.py\", line 2, in divide\n    return a / b", stderr);
        Assert.EndsWith("ZeroDivisionError: division by zero\n", stderr);
        Assert.DoesNotContain("lyceum", stderr);
        Assert.DoesNotContain("main.py", stderr);
        Assert.Equal(2, stderr.Split("  File ").Length - 1);
    }

    [Fact]
    public async Task a_syntax_error_points_at_the_cells_line()
    {
        var cell = await CellOutcome.RunAsync("x = 1\nif x\n    pass\n", cellName: "cell-2.py");

        Assert.Equal(1, cell.Run.ExitCode);
        Assert.Contains("File \"cell-2.py\", line 2", cell.Run.Stderr);
        Assert.Contains("SyntaxError", cell.Run.Stderr);
        Assert.DoesNotContain("lyceum", cell.Run.Stderr);
    }

    [Fact]
    public async Task sys_exit_with_zero_is_a_success_and_still_sends_variables()
    {
        var cell = await CellOutcome.RunAsync("import sys\nanswer = 42\nsys.exit(0)\n", new CellOptions { Exports = ["answer"] });

        Assert.Equal(0, cell.Run.ExitCode);
        Assert.Equal(42, cell.Single<Lyceum.Interactive.Prelude.VariablesFrame>().Values["answer"].GetInt32());
    }

    [Fact]
    public async Task shell_lines_run_and_other_ipython_magics_are_skipped_with_a_note()
    {
        var cell = await CellOutcome.RunAsync("""
            %matplotlib inline
            print("before")
            !echo from the shell
            for i in range(2):
                !echo loop
            %timeit sum(range(10))
            remainder = 7 % 3
            remainder
            """);

        Assert.Equal(0, cell.Run.ExitCode);
        Assert.Equal("before\nfrom the shell\nloop\nloop\n", cell.Text);
        Assert.Equal("lyceum: %timeit is an IPython magic that remote cells do not run; the line was skipped\n", cell.Run.Stderr);
        Assert.Equal("1", cell.Single<Lyceum.Interactive.Prelude.ResultFrame>().PlainText);
    }

    [Fact]
    public async Task a_syntax_error_in_a_cell_with_shell_lines_points_at_the_real_mistake()
    {
        var cell = await CellOutcome.RunAsync("!echo hi\nif True\n    pass\n", cellName: "cell-4.py");

        Assert.Equal(1, cell.Run.ExitCode);
        Assert.Contains("File \"cell-4.py\", line 2\n    if True\n", cell.Run.Stderr);
        Assert.Equal("", cell.Text);
    }
}
