using Lyceum.Client;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

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
        using var subscription = _notebook.Kernel.KernelEvents.Subscribe(e =>
        {
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

        // What is guaranteed: the cell failed, and the card's final update (which may come after the cell's command
        // ended, so it is awaited on the kernel's events) says the run was stopped.
        Assert.Contains(result.Events, e => e is CommandFailed);
        var card = await aborted.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(ExecutionStates.Aborted, card.State);
        Assert.Contains("stopped", Formatter.ToDisplayString(card, "text/plain"));
        Assert.DoesNotContain("not reached", result.Stdout());

        // Following the run to its end shows the service aborted it.
        var attach = await _notebook.SubmitAsync($"#!lyceum attach {card.ExecutionId}");
        Assert.Equal(ExecutionStates.Aborted, Cards(attach)[^1].State);

        var next = await RunCellAsync("print('still here')");
        next.Succeeded();
        Assert.Equal("still here\n", next.Stdout());
    }

    [Fact]
    public async Task the_stop_button_during_the_start_request_aborts_the_run_as_soon_as_the_service_names_it()
    {
        var held = new HoldStartHandler();
        using var client = new LyceumClient(LyceumCredential.FromApiKey(_local.Server.ApiKey),
            new LyceumClientOptions { Endpoint = _local.Server.BaseUrl, Transport = held });
        using var notebook = new Notebook(client);
        var named = new TaskCompletionSource<RunCard>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = notebook.Kernel.KernelEvents.Subscribe(e =>
        {
            if (e is DisplayedValueUpdated { Value: RunCard { Ended: true, ExecutionId: not null } card })
                named.TrySetResult(card);
        });

        var cell = notebook.SubmitAsync("#!lyceum-python\nimport time\nprint('running', flush=True)\ntime.sleep(60)");
        await held.Answered.Task.WaitAsync(TimeSpan.FromSeconds(60));
        (await notebook.SendAsync(new Cancel())).Succeeded();
        var result = await cell;
        held.Release.SetResult();

        Assert.Contains(result.Events, e => e is CommandFailed);
        var card = await named.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(ExecutionStates.Aborted, card.State);
        Assert.Contains($"Run {card.ExecutionId} was aborted on Lyceum.", card.Message);
        using var check = _local.NewClient();
        Assert.Equal(ExecutionStates.Aborted, (await check.Executions.GetStatusAsync(card.ExecutionId!)).Status);
    }

    // Holds the service's answer to a run's start until released: the run exists, the notebook does not know its id yet.
    private sealed class HoldStartHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public TaskCompletionSource Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/start", StringComparison.Ordinal))
            {
                Answered.TrySetResult();
                await Release.Task;
            }
            return response;
        }
    }
}
