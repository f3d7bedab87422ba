using Lyceum.Client;
using Lyceum.Interactive.Remote;

namespace Lyceum.Interactive.Tests;

public sealed class RunEndingTests
{
    [Fact]
    public void a_completed_run_is_a_success()
    {
        var ending = RunEnding.Of(new ExecutionFinished("completed", 0, null, null), "run-1", "");
        Assert.Null(ending.Sentence);
        Assert.Equal("completed", ending.Label);
    }

    [Fact]
    public void a_failed_run_fails_with_the_last_line_of_the_traceback_and_the_card_names_the_exit_code()
    {
        const string traceback = "Traceback (most recent call last):\n  File \"cell-1.py\", line 1, in <module>\nKeyError: 'x'\n\n";
        var ending = RunEnding.Of(new ExecutionFinished("failed_user", 1, null, null), "run-1", traceback);
        Assert.Equal("KeyError: 'x'", ending.Sentence);
        Assert.Equal("failed: your code exited with 1", ending.Label);
    }

    [Fact]
    public void a_failed_run_without_stderr_names_the_exit_code() =>
        Assert.Contains("exit code 3", RunEnding.Of(new ExecutionFinished("failed_user", 3, null, null), "run-1", "").Sentence);

    [Fact]
    public void a_timeout_says_after_how_long_and_how_to_give_more_time()
    {
        var ending = RunEnding.Of(new ExecutionFinished("timeout", null, "exceeded 600 s", null), "run-1", "", timeout: 600);
        Assert.Equal("timed out after 600 s", ending.Label);
        Assert.Contains("timed out after 600 s", ending.Sentence);
        Assert.Contains("exceeded 600 s", ending.Sentence);
        Assert.Contains("--timeout", ending.Sentence);
    }

    [Theory]
    [InlineData("aborted")]
    [InlineData("cancelled")]
    public void a_stopped_run_says_it_was_stopped(string status)
    {
        var ending = RunEnding.Of(new ExecutionFinished(status, null, null, null), "run-1", "");
        Assert.Equal("stopped", ending.Label);
        Assert.Contains("was stopped", ending.Sentence);
    }

    [Theory]
    [InlineData("system_failure")]
    [InlineData("failed_system")]
    public void a_platform_failure_says_lyceum_could_not_run_it_and_why(string status)
    {
        var ending = RunEnding.Of(new ExecutionFinished(status, null, "no machine available", null), "run-1", "");
        Assert.Equal("platform failure", ending.Label);
        Assert.Contains("platform failure", ending.Sentence);
        Assert.Contains("no machine available", ending.Sentence);
    }
}
