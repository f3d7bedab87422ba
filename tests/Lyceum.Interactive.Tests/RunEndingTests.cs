using Lyceum.Client;
using Lyceum.Interactive.Remote;

namespace Lyceum.Interactive.Tests;

public sealed class RunEndingTests
{
    [Fact]
    public void a_completed_run_is_a_success() =>
        Assert.Null(RemoteRun.Failure(new ExecutionFinished("completed", 0, null, null), "run-1", ""));

    [Fact]
    public void a_failed_run_fails_with_the_last_line_of_the_traceback()
    {
        const string traceback = "Traceback (most recent call last):\n  File \"cell-1.py\", line 1, in <module>\nKeyError: 'x'\n\n";
        Assert.Equal("KeyError: 'x'", RemoteRun.Failure(new ExecutionFinished("failed_user", 1, null, null), "run-1", traceback));
    }

    [Fact]
    public void a_failed_run_without_stderr_names_the_exit_code()
    {
        var message = RemoteRun.Failure(new ExecutionFinished("failed_user", 3, null, null), "run-1", "");
        Assert.Contains("exit code 3", message);
    }

    [Fact]
    public void a_timeout_says_so_and_how_to_give_more_time()
    {
        var message = RemoteRun.Failure(new ExecutionFinished("timeout", null, "exceeded 60 s", null), "run-1", "");
        Assert.Contains("timed out", message);
        Assert.Contains("exceeded 60 s", message);
        Assert.Contains("--timeout", message);
    }

    [Theory]
    [InlineData("aborted")]
    [InlineData("cancelled")]
    public void a_stopped_run_says_it_was_stopped(string status) =>
        Assert.Contains($"was {status}", RemoteRun.Failure(new ExecutionFinished(status, null, null, null), "run-1", ""));

    [Theory]
    [InlineData("system_failure")]
    [InlineData("failed_system")]
    public void a_platform_failure_says_lyceum_could_not_run_it_and_why(string status)
    {
        var message = RemoteRun.Failure(new ExecutionFinished(status, null, "no machine available", null), "run-1", "");
        Assert.Contains("system failure", message);
        Assert.Contains("no machine available", message);
    }
}
