using Lyceum.Client;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace Lyceum.Interactive.Tests;

public sealed partial class LyceumKernelTests
{
    [Fact]
    public async Task a_failing_cell_fails_with_the_last_line_of_the_remote_traceback_and_shows_the_whole_traceback()
    {
        var result = await RunCellAsync("""
            def divide(a, b):
                return a / b
            divide(1, 0)
            """);
        var failed = result.Failed();
        Assert.Equal("ZeroDivisionError: division by zero", failed.Message);
        var stderr = result.Stderr();
        Assert.Contains("Traceback (most recent call last):", stderr);
        // The cell's own line numbers: line 1 is the #!lyceum-python line.
        Assert.Contains("line 3, in divide", stderr);
        Assert.Contains("line 4, in <module>", stderr);
        Assert.Equal("failed_user", Cards(result)[^1].State);
    }

    [Fact]
    public async Task a_run_over_its_timeout_fails_saying_it_timed_out()
    {
        var result = await _notebook.SubmitAsync("#!lyceum-python --timeout 1\nimport time\ntime.sleep(30)");
        var failed = result.Failed();
        Assert.Contains("timed out", failed.Message);
        Assert.Contains("--timeout", failed.Message);
        Assert.Equal("timeout", Cards(result)[^1].State);
    }

    [Fact]
    public async Task the_stop_button_aborts_the_remote_run_and_the_kernel_stays_usable()
    {
        // Asynchronous continuations: the stop must come from another thread, as from a real front end, not from inside the publish.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource<RunCard>(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var subscription = _notebook.Kernel.KernelEvents.Subscribe(e =>
        {
            seen.Enqueue(e is DisplayEvent { Value: RunCard c } ? c.State : e.GetType().Name);
            if (e is StandardOutputValueProduced o && o.FormattedValues.Any(f => f.Value.Contains("started")))
                started.TrySetResult();
            if (e is DisplayedValueUpdated { Value: RunCard { Ended: true } card })
                aborted.TrySetResult(card);
        });
        var cell = RunCellAsync("import time\nprint('started', flush=True)\ntime.sleep(60)\nprint('not reached')");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var cancel = await _notebook.SendAsync(new Cancel());
        cancel.Succeeded();
        var result = await cell;

        result.Failed();
        // The host fails the cell at once, so the card's last update may come after the cell's command ended.
        await Task.WhenAny(aborted.Task, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(aborted.Task.IsCompleted, string.Join(", ", seen) + " / cell: " + string.Join(", ", result.Events.Select(e => e.GetType().Name + (e is CommandFailed f ? ":" + f.Message : ""))));
        var card = await aborted.Task;
        Assert.Equal("aborted", card.State);
        Assert.DoesNotContain("not reached", result.Stdout());
        using var client = _local.NewClient();
        var status = await WaitForAsync(() => client.Executions.GetStatusAsync(card.ExecutionId!), s => s.IsTerminal);
        Assert.Equal(ExecutionStates.Aborted, status.Status);

        var next = await RunCellAsync("print('still here')");
        next.Succeeded();
        Assert.Equal("still here\n", next.Stdout());
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
                return value;
            await Task.Delay(200);
        }
    }
}
