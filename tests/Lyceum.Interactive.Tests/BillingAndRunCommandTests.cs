using Lyceum.Client;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests;

public sealed class BillingAndRunCommandTests : IClassFixture<LocalServerFixture>, IDisposable
{
    private readonly LocalServerFixture _local;
    private readonly Notebook _notebook;

    public BillingAndRunCommandTests(LocalServerFixture local)
    {
        _local = local;
        Formatter.ResetToDefault();
        _notebook = new Notebook(local.NewClient());
    }

    public void Dispose() => _notebook.Dispose();

    [Fact]
    public async Task history_lists_runs_with_status_badges_machine_and_totals()
    {
        (await _notebook.SubmitAsync("#!lyceum-python\nprint('history entry')")).Succeeded();
        _ = await _notebook.SubmitAsync("#!lyceum-python\nraise SystemExit(3)");

        var result = await _notebook.SubmitAsync("#!lyceum history --limit 5");
        result.Succeeded();
        var html = result.Html();
        Assert.Contains("badge ok\" title=\"completed\">completed", html);
        // Human words on the badge, the service's state only as its tooltip; the text form says the same words.
        Assert.Contains("title=\"failed_user\">failed</span>", html);
        Assert.DoesNotContain(">failed_user<", html);
        var text = string.Concat(result.Formatted("text/plain"));
        Assert.Contains("  failed  ", text);
        Assert.Contains("  completed  ", text);
        Assert.DoesNotContain("failed_user", text);
        Assert.Contains("<td>cpu</td>", html);
        Assert.Contains("Total credits spent", html);
    }

    [Fact]
    public async Task history_rejects_a_limit_out_of_range()
    {
        var failed = (await _notebook.SubmitAsync("#!lyceum history --limit 0")).Failed();
        Assert.Contains("--limit 0", failed.Message);
    }

    [Fact]
    public async Task runs_lists_a_live_run_and_abort_stops_it()
    {
        using var client = _local.NewClient();
        var started = await client.Executions.StartPythonAsync(new PythonRunRequest("import time\nprint('up', flush=True)\ntime.sleep(60)") { FileName = "long-sleeper" });
        await FirstOutputAsync(client, started);

        var runs = await _notebook.SubmitAsync("#!lyceum runs");
        runs.Succeeded();
        Assert.Contains(started.ExecutionId, runs.Html());

        var abort = await _notebook.SubmitAsync($"#!lyceum abort {started.ExecutionId}");
        abort.Succeeded();
        Assert.Contains($"Run {started.ExecutionId} is stopped.", string.Concat(abort.Formatted("text/plain")));
        Assert.Equal(ExecutionStates.Aborted, (await client.Executions.GetStatusAsync(started.ExecutionId)).Status);
    }

    [Fact]
    public async Task attach_replays_and_follows_a_run_started_elsewhere()
    {
        using var client = _local.NewClient();
        var started = await client.Executions.StartPythonAsync(new PythonRunRequest("import time\nprint('first', flush=True)\ntime.sleep(1.5)\nprint('second', flush=True)"));
        await FirstOutputAsync(client, started);

        var result = await _notebook.SubmitAsync($"#!lyceum attach {started.ExecutionId}");

        result.Succeeded();
        Assert.Equal("first\nsecond\n", result.Stdout());
        var card = result.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<RunCard>().Last();
        Assert.Equal("completed", card.State);
    }

    [Fact]
    public async Task attach_to_a_cell_run_of_this_notebook_replays_its_stream()
    {
        var cell = await _notebook.SubmitAsync("#!lyceum-python\nprint('replayed')");
        cell.Succeeded();
        var id = cell.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<RunCard>().Last().ExecutionId;

        var result = await _notebook.SubmitAsync($"#!lyceum attach {id}");

        result.Succeeded();
        Assert.Contains("replayed\n", result.Stdout());
    }

    [Fact]
    public async Task attach_to_an_unknown_run_names_the_id_and_the_commands_that_list_runs()
    {
        var failed = (await _notebook.SubmitAsync("#!lyceum attach no-such-run")).Failed();
        Assert.Equal("There is no run 'no-such-run' on your account. #!lyceum runs lists your live runs, #!lyceum history the past ones.", failed.Message);
    }

    [Theory]
    [InlineData("#!lyceum config --machine ")]
    [InlineData("#!lyceum-python --machine ")]
    public async Task machine_completions_come_from_the_service(string code)
    {
        var result = await _notebook.SendAsync(new RequestCompletions(code, new Microsoft.DotNet.Interactive.LinePosition(0, code.Length)));
        var completions = Assert.Single(result.Events.OfType<CompletionsProduced>());
        Assert.Contains(completions.Completions, c => c.DisplayText == "cpu");
    }

    [Theory]
    [InlineData("#!lyceum-python --session ")]
    [InlineData("#!lyceum-python --storage ")]
    [InlineData("#!lyceum-python --fail-fast ")]
    public async Task on_off_options_of_a_remote_cell_complete_to_on_and_off(string code)
    {
        var result = await _notebook.SendAsync(new RequestCompletions(code, new Microsoft.DotNet.Interactive.LinePosition(0, code.Length)));
        var completions = Assert.Single(result.Events.OfType<CompletionsProduced>());
        Assert.Contains(completions.Completions, c => c.DisplayText == "on");
        Assert.Contains(completions.Completions, c => c.DisplayText == "off");
    }

    [Fact]
    public async Task config_sets_defaults_and_refuses_a_machine_the_account_lacks()
    {
        var set = await _notebook.SubmitAsync("#!lyceum config --machine cpu --timeout 120 --output-cap 2MB --session on");
        set.Succeeded();
        var text = Assert.Single(set.Formatted("text/plain"));
        Assert.Contains("timeout: 120", text);
        Assert.Contains("output cap: 2 MB", text);
        Assert.Contains("session: on", text);

        var failed = (await _notebook.SubmitAsync("#!lyceum config --machine gpu.h100")).Failed();
        Assert.Contains("Available: cpu", failed.Message);
    }

    [Fact]
    public async Task attach_from_another_notebook_decodes_the_preludes_frames_and_shows_no_frame_bytes()
    {
        var cell = await _notebook.SubmitAsync("#!lyceum-python\nclass Table:\n    def _repr_html_(self):\n        return '<b>table</b>'\nprint('before')\ndisplay(Table())\nx = 42\nprint('after')");
        cell.Succeeded();
        var id = cell.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<RunCard>().Last().ExecutionId;
        using var elsewhere = new Notebook(_local.NewClient());

        var result = await elsewhere.SubmitAsync($"#!lyceum attach {id}");

        result.Succeeded();
        Assert.Equal("before\nafter\n", result.Stdout());
        Assert.DoesNotContain(result.Visible(), v => v.Contains('\x1e') || v.Contains('\x1f'));
        Assert.Contains(result.Events.OfType<DisplayedValueProduced>().Where(e => e.Value is not RunCard).SelectMany(e => e.FormattedValues),
            f => f.Value.Contains("<b>table</b>"));
    }

    [Fact]
    public async Task attach_to_a_cell_of_this_notebook_decodes_its_frames_too()
    {
        var cell = await _notebook.SubmitAsync("#!lyceum-python\nprint('one')\ndisplay(1)\nprint('two')");
        cell.Succeeded();
        var id = cell.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<RunCard>().Last().ExecutionId;

        var result = await _notebook.SubmitAsync($"#!lyceum attach {id}");

        result.Succeeded();
        Assert.Equal("one\ntwo\n", result.Stdout());
        Assert.DoesNotContain(result.Visible(), v => v.Contains('\x1e'));
    }

    // Waits, without sleeping, until the run has printed something: it is running for sure.
    private static async Task FirstOutputAsync(LyceumClient client, ExecutionStarted started)
    {
        await foreach (var e in client.Executions.StreamAsync(started))
        {
            if (e is ExecutionOutput or ExecutionFinished)
                return;
        }
    }
}
