using Microsoft.DotNet.Interactive.Documents;

namespace Lyceum.Runner.Tests;

public class CellResultTests
{
    [Theory]
    [InlineData(false, "Succeeded", true)]
    [InlineData(false, "Failed", false)]
    [InlineData(true, "Failed", true)]
    [InlineData(true, "Succeeded", false)]
    [InlineData(true, "TimedOut", false)]
    [InlineData(true, "Interrupted", false)]
    public void a_cell_passes_when_its_outcome_matches_its_expectation(bool expectsError, string status, bool passes)
    {
        Assert.Equal(passes, Result(expectsError, Enum.Parse<CellStatus>(status)).Passed);
    }

    [Fact]
    public void expected_failure_that_succeeds_says_so()
    {
        Assert.Equal("it is tagged 'raises-exception' but did not fail", Result(true, CellStatus.Succeeded).Problem);
    }

    [Fact]
    public void summary_names_the_first_failed_cell_with_its_first_line_and_error()
    {
        var summary = RunSummary.Of(
        [
            Result(false, CellStatus.Succeeded, number: 1),
            Result(false, CellStatus.Failed, number: 3, error: "System.Exception: boom"),
            Result(false, CellStatus.NotRun, number: 4),
        ]);

        Assert.Equal(RunSummary.ExitCellFailed, summary.ExitCode);
        Assert.Equal("Cell 3 of 4 (csharp: Console.WriteLine(1);) failed: System.Exception: boom", summary.FailureMessage);
        Assert.Equal(1, summary.CellsNotRun);
    }

    [Theory]
    [InlineData("#!lyceum-python\nimport platform\nprint(1)", "import platform")]
    [InlineData("\n\n#!lyceum status --verbose", "#!lyceum status --verbose")]
    [InlineData("#!csharp", "#!csharp")]
    [InlineData("// tags: raises-exception\nthrow null;", "throw null;")]
    [InlineData("var text = \"a very long line that goes on and on past sixty characters for sure\";", "var text = \"a very long line that goes on and on past six...")]
    public void a_cell_is_named_by_its_first_line_of_code(string contents, string expected)
    {
        var cell = new NotebookCell(1, 1, new InteractiveDocumentElement(contents, "csharp"), "csharp", contents, false);

        Assert.Equal(expected, cell.FirstLine);
    }

    [Fact]
    public void a_python_traceback_is_summed_up_by_its_last_line()
    {
        var result = Result(false, CellStatus.Failed, error: "Traceback (most recent call last):\n  File \"<cell>\", line 4\nZeroDivisionError: division by zero\n");

        Assert.Equal("ZeroDivisionError: division by zero", result.Headline);
    }

    [Fact]
    public void a_run_whose_cells_all_pass_exits_zero()
    {
        var summary = RunSummary.Of([Result(false, CellStatus.Succeeded), Result(true, CellStatus.Failed)]);

        Assert.Equal(RunSummary.ExitSuccess, summary.ExitCode);
        Assert.Null(summary.FailureMessage);
    }

    [Fact]
    public void an_interrupted_run_exits_130()
    {
        Assert.Equal(RunSummary.ExitInterrupted, RunSummary.Of([Result(false, CellStatus.Interrupted)]).ExitCode);
    }

    private static CellResult Result(bool expectsError, CellStatus status, int number = 1, string? error = "boom")
    {
        var element = new InteractiveDocumentElement("Console.WriteLine(1);\nmore", "csharp");
        var cell = new NotebookCell(number, 4, element, "csharp", element.Contents, expectsError);
        return new CellResult(cell, status, error, TimeSpan.FromSeconds(1));
    }
}
