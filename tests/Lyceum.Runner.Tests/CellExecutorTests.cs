using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;

namespace Lyceum.Runner.Tests;

public sealed partial class CellExecutorTests : IDisposable
{
    private readonly TestNotebooks _notebooks = new();
    private readonly ScriptedHost _host = new();
    private readonly StringWriter _terminal = new();
    private readonly SecretRedactor _redactor = new();
    private readonly WatchedClock _clock = new();

    private static readonly TimeSpan InterruptGrace = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task stream_chunks_displays_and_return_values_become_notebook_outputs()
    {
        _host.OnCode("work()", t =>
        [
            Recorded.Stdout(t, "fs "), Recorded.Stdout(t, "3"), Recorded.Stdout(t, "\n"),
            Recorded.Stderr(t + ".2", "careful\n"),
            Recorded.Display(t, "d1", "text/html", "<b>shown</b>"),
            Recorded.Diagnostics(t),
            Recorded.ReturnValue(t, "text/plain", "42"),
            Recorded.Succeeded(t),
        ]);
        var (notebook, cells) = Notebook(("csharp", "work()", []));

        var results = await RunAsync(cells);

        Assert.True(results.Single().Passed);
        var outputs = notebook.Document.Elements[0].Outputs;
        Assert.Collection(
            outputs,
            o => Assert.Equal(("stdout", "fs 3\n"), (((TextElement)o).Name, ((TextElement)o).Text)),
            o => Assert.Equal(("stderr", "careful\n"), (((TextElement)o).Name, ((TextElement)o).Text)),
            o => Assert.Equal("<b>shown</b>", ((DisplayElement)o).Data["text/html"]),
            o => Assert.Equal("42", ((ReturnValueElement)o).Data["text/plain"]));
        Assert.Contains("fs 3\ncareful\nshown\nOut: 42\n", _terminal.ToString());
    }

    [Fact]
    public async Task failing_cell_gets_a_jupyter_error_output_and_stops_the_run()
    {
        _host.OnCode("throw new InvalidOperationException(\"boom\");", t =>
            [Recorded.Failed(t, "System.InvalidOperationException: boom\n   at Submission#1.<<Initialize>>d__0.MoveNext()")]);
        var (notebook, cells) = Notebook(
            ("csharp", "throw new InvalidOperationException(\"boom\");", []),
            ("csharp", "never()", []));

        var results = await RunAsync(cells);

        Assert.Equal([CellStatus.Failed, CellStatus.NotRun], results.Select(r => r.Status));
        var error = Assert.IsType<ErrorElement>(Assert.Single(notebook.Document.Elements[0].Outputs));
        Assert.Equal(("System.InvalidOperationException", "boom"), (error.ErrorName, error.ErrorValue));
        Assert.Single(_host.Sent, s => s.GetProperty("commandType").GetString() == "SubmitCode");
        Assert.Equal(
            "Cell 1 of 2 (csharp: throw new InvalidOperationException(\"boom\");) failed: System.InvalidOperationException: boom",
            RunSummary.Of(results).FailureMessage);
    }

    [Fact]
    public async Task expected_failure_lets_the_run_continue()
    {
        _host.OnCode("bad", t => [Recorded.Failed(t, "(1,1): error CS0103: The name 'bad' does not exist in the current context")]);
        _host.OnCode("good", t => [Recorded.Succeeded(t)]);
        var (notebook, cells) = Notebook(("csharp", "bad", ["raises-exception"]), ("csharp", "good", []));

        var results = await RunAsync(cells);

        Assert.All(results, r => Assert.True(r.Passed));
        var error = Assert.IsType<ErrorElement>(Assert.Single(notebook.Document.Elements[0].Outputs));
        Assert.Equal("Error", error.ErrorName);
        Assert.Equal(RunSummary.ExitSuccess, RunSummary.Of(results).ExitCode);
    }

    [Fact]
    public async Task cells_go_to_their_own_kernel_with_their_own_token()
    {
        _host.OnCode("printfn \"x\"", t => [Recorded.Succeeded(t)]);
        _host.OnCode("Get-Date", t => [Recorded.Succeeded(t)]);
        var (_, cells) = Notebook(("markdown", "# Title", []), ("fsharp", "printfn \"x\"", []), ("pwsh", "Get-Date", []));

        await RunAsync(cells);

        Assert.Equal(
            [("cell-2", "fsharp"), ("cell-3", "pwsh")],
            _host.Sent.Select(s => (s.GetProperty("token").GetString(), s.GetProperty("command").GetProperty("targetKernelName").GetString())));
    }

    [Fact]
    public async Task cell_over_the_timeout_is_cancelled_and_reported()
    {
        _host.OnCode("train()", _ => RunFor(TimeSpan.FromMinutes(10)));
        var (notebook, cells) = Notebook(("csharp", "train()", []));

        var results = await RunAsync(cells, TimeSpan.FromMinutes(10));

        var result = Assert.Single(results);
        Assert.Equal(CellStatus.TimedOut, result.Status);
        Assert.Contains("timed out after 600 s (--cell-timeout) and was cancelled", result.Problem);
        Assert.Contains(_host.Sent, s => s.GetProperty("commandType").GetString() == "Cancel");
        Assert.IsType<ErrorElement>(notebook.Document.Elements[0].Outputs.Last());
    }

    [Fact]
    public async Task cell_just_under_the_timeout_is_not_cancelled()
    {
        _host.OnCode("train()", t => [.. RunFor(TimeSpan.FromSeconds(599)), Recorded.Succeeded(t)]);
        var (_, cells) = Notebook(("csharp", "train()", []));

        var results = await RunAsync(cells, TimeSpan.FromMinutes(10));

        Assert.Equal(CellStatus.Succeeded, Assert.Single(results).Status);
        Assert.DoesNotContain(_host.Sent, s => s.GetProperty("commandType").GetString() == "Cancel");
    }

    [Fact]
    public async Task cell_timing_out_even_when_expected_to_fail_is_a_failure()
    {
        _host.OnCode("train()", _ => RunFor(TimeSpan.FromMinutes(10)));
        var (_, cells) = Notebook(("csharp", "train()", ["raises-exception"]));

        var results = await RunAsync(cells, TimeSpan.FromMinutes(10));

        Assert.Equal(RunSummary.ExitCellFailed, RunSummary.Of(results).ExitCode);
    }

    [Fact]
    public async Task a_host_that_ignores_cancel_is_given_up_and_later_cells_do_not_run()
    {
        _host.AnswersCancel = false;
        _host.OnUnansweredCancel = () => _clock.Advance(TimeSpan.FromSeconds(20));
        _host.OnCode("while (true) { }", _ => RunFor(TimeSpan.FromMinutes(1)));
        var (_, cells) = Notebook(("csharp", "while (true) { }", []), ("csharp", "next()", []));

        var results = await RunAsync(cells, TimeSpan.FromMinutes(1), cancelGrace: TimeSpan.FromSeconds(20));

        Assert.Equal([CellStatus.TimedOut, CellStatus.NotRun], results.Select(r => r.Status));
        Assert.Contains("did not confirm the cancel within 20 s", results[0].Problem);
    }

    [Fact]
    public async Task host_exit_fails_the_running_cell_with_the_reason()
    {
        _host.OnCode("Environment.Exit(137);", t =>
        {
            _host.Exit();
            return [];
        });
        // No Ctrl-C follows the exit: the grace for one runs out.
        _clock.TimerStarted = due => { if (due == InterruptGrace) { _ = Task.Run(() => _clock.Advance(due)); } };
        var (_, cells) = Notebook(("csharp", "Environment.Exit(137);", []));

        var results = await RunAsync(cells);

        Assert.Equal("The dotnet-interactive host exited while this cell ran (exit code 137)", results.Single().Problem);
    }

    [Fact]
    public async Task host_stopped_by_the_same_ctrl_c_counts_as_an_interrupt()
    {
        using var interrupt = new CancellationTokenSource();
        _host.OnCode("long()", t =>
        {
            _host.Exit();
            return [];
        });
        // The terminal's Ctrl-C reaches the host first; the runner's own handler sees it a moment later.
        _clock.TimerStarted = due => { if (due == InterruptGrace) { _ = Task.Run(interrupt.Cancel); } };
        var (_, cells) = Notebook(("csharp", "long()", []));

        var results = await RunAsync(cells, cancellationToken: interrupt.Token);

        Assert.Equal(CellStatus.Interrupted, results.Single().Status);
        Assert.Equal(RunSummary.ExitInterrupted, RunSummary.Of(results).ExitCode);
    }

    [Fact]
    public async Task display_updated_after_its_cell_ended_keeps_its_last_state_in_that_cell()
    {
        _host.OnCode("start()", t => [Recorded.Display(t, "card", "text/plain", "queued"), Recorded.Succeeded(t)]);
        _host.OnCode("wait()", t =>
            [Recorded.Updated("background.1", "card", "text/plain", "finished"), Recorded.Stdout(t, "done\n"), Recorded.Succeeded(t)]);
        var (notebook, cells) = Notebook(("csharp", "start()", []), ("csharp", "wait()", []));

        await RunAsync(cells);

        var card = Assert.IsType<DisplayElement>(Assert.Single(notebook.Document.Elements[0].Outputs));
        Assert.Equal("finished", card.Data["text/plain"]);
        Assert.IsType<TextElement>(Assert.Single(notebook.Document.Elements[1].Outputs));
    }

    [Fact]
    public async Task display_updated_during_a_cell_is_printed_once_more_in_its_final_state()
    {
        _host.OnCode("run()", t =>
        [
            Recorded.Display(t, "card", "text/html", "<div>queued <style>.x{}</style></div>"),
            Recorded.Updated(t, "card", "text/html", "<div>running 1 s</div>"),
            Recorded.Stdout(t, "hello\n"),
            Recorded.Updated(t, "card", "text/html", "<div>finished &middot; 2 s</div>"),
            Recorded.Succeeded(t),
        ]);
        var (notebook, cells) = Notebook(("lyceum-python", "run()", []));

        await RunAsync(cells);

        Assert.Contains("queued\nhello\nfinished · 2 s\n  -> ok", _terminal.ToString());
        Assert.DoesNotContain("running 1 s", _terminal.ToString());
        Assert.Equal("<div>finished &middot; 2 s</div>", ((DisplayElement)notebook.Document.Elements[0].Outputs[0]).Data["text/html"]);
    }

    [Fact]
    public async Task api_key_echoed_by_a_cell_is_masked_in_terminal_and_notebook()
    {
        _redactor.Add("lk_local_secret_123456");
        _host.OnCode("key()", t => [Recorded.Stdout(t, "key=lk_local_secret_123456\n"), Recorded.Succeeded(t)]);
        var (notebook, cells) = Notebook(("csharp", "key()", []));

        await RunAsync(cells);

        Assert.Equal("key=***\n", ((TextElement)notebook.Document.Elements[0].Outputs.Single()).Text);
        Assert.DoesNotContain("lk_local_secret", _terminal.ToString());
    }

    [Fact]
    public async Task progress_line_names_the_cell_number_count_and_first_line()
    {
        _host.OnCode("var x = 1;\nx", t => [Recorded.Succeeded(t)]);
        var (_, cells) = Notebook(("markdown", "# T", []), ("csharp", "var x = 1;\nx", []));

        await RunAsync(cells);

        Assert.Matches(@"\[cell 2 of 2\] csharp: var x = 1;  \(0:\d\d elapsed\)", _terminal.ToString());
    }

    private (NotebookFile Notebook, IReadOnlyList<NotebookCell> Cells) Notebook(params (string Kernel, string Code, string[] Tags)[] cells)
    {
        var notebook = NotebookFile.Load(_notebooks.Ipynb("n.ipynb", cells));
        return (notebook, NotebookCell.Plan(notebook.Document, "csharp", feed: null));
    }

    private async Task<IReadOnlyList<CellResult>> RunAsync(
        IReadOnlyList<NotebookCell> cells, TimeSpan? timeout = null, TimeSpan? cancelGrace = null, CancellationToken cancellationToken = default,
        string? apiKey = null)
    {
        var reporter = new ConsoleReporter(_terminal, _terminal, _clock);
        var executor = new CellExecutor(_host, reporter, _redactor, timeout ?? TimeSpan.FromSeconds(30), _clock)
        {
            CancelGrace = cancelGrace ?? TimeSpan.FromSeconds(5),
            InterruptGrace = InterruptGrace,
            Requests = new HostRequests(apiKey),
        };
        return await NotebookRunner.RunCellsAsync(cells, executor, reporter, cancellationToken);
    }

    /// <summary>A cell that keeps the host busy for <paramref name="duration"/> of the fake clock, printing nothing.</summary>
    private IEnumerable<string> RunFor(TimeSpan duration)
    {
        _clock.Advance(duration);
        return [];
    }

    public void Dispose() => _notebooks.Dispose();
}
