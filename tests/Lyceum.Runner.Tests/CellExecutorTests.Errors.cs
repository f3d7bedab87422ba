using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;

namespace Lyceum.Runner.Tests;

/// <summary>Each error said once in the cell (and once more only in the run's summary); prompts answered or refused in one sentence.</summary>
public sealed partial class CellExecutorTests
{
    private const string NotExported =
        "'rows' (int) stays on the machine: values leave a run only when exported. Start the cell with #!lyceum-python --export rows (or --export * for every value) and run it again.";

    [Fact]
    public async Task a_failed_set_is_said_once_without_the_hosts_position_and_code()
    {
        // What the host writes for `#!set --value @lyceum-python:rows` of a name the cell did not export.
        _host.OnCode("#!set --name rows --value @lyceum-python:rows", t =>
        [
            Recorded.Error(t + ".1", NotExported),
            Recorded.Error(t + ".2", NotExported),
            Recorded.Diagnostics(t),
            Recorded.Failed(t, "(1,27): error DNI202: " + NotExported),
        ]);
        var (notebook, cells) = Notebook(("csharp", "#!set --name rows --value @lyceum-python:rows", ["raises-exception"]));

        var results = await RunAsync(cells);

        Assert.True(results.Single().Passed);
        Assert.Equal(1, Occurrences(_terminal.ToString(), "stays on the machine"));
        Assert.DoesNotContain("DNI202", _terminal.ToString());
        var error = Assert.IsType<ErrorElement>(Assert.Single(notebook.Document.Elements[0].Outputs));
        Assert.Equal(NotExported, error.ErrorValue);
    }

    [Fact]
    public async Task a_python_traceback_ending_with_the_cells_error_is_said_once_and_kept_as_the_error_output()
    {
        const string traceback = "Traceback (most recent call last):\n  File \"cell-1.py\", line 2, in <module>\n    1/0\nZeroDivisionError: division by zero\n";
        _host.OnCode("1/0", t =>
        [
            Recorded.Display(t, "card", "text/plain", "cell 1: running"),
            Recorded.Stdout(t + ".2", "before\n"),
            Recorded.Stderr(t + ".2", traceback),
            Recorded.Updated(t, "card", "text/plain", "cell 1: failed: your code exited with 1"),
            Recorded.Failed(t, "ZeroDivisionError: division by zero"),
        ]);
        var (notebook, cells) = Notebook(("lyceum-python", "1/0", []));

        var results = await RunAsync(cells);

        Assert.Equal(1, Occurrences(_terminal.ToString(), "ZeroDivisionError: division by zero"));
        Assert.EndsWith("cell 1: failed: your code exited with 1\n  -> FAILED after 0.0 s\n", _terminal.ToString());
        Assert.Equal("Cell 1 of 1 (lyceum-python: 1/0) failed: ZeroDivisionError: division by zero", RunSummary.Of(results).FailureMessage);
        var outputs = notebook.Document.Elements[0].Outputs;
        Assert.Collection(
            outputs,
            o => Assert.IsType<DisplayElement>(o),
            o => Assert.Equal("before\n", ((TextElement)o).Text),
            o =>
            {
                var error = Assert.IsType<ErrorElement>(o);
                Assert.Equal(("ZeroDivisionError", "division by zero"), (error.ErrorName, error.ErrorValue));
                Assert.Equal(traceback.TrimEnd('\n').Split('\n'), error.StackTrace);
            });
    }

    [Fact]
    public async Task an_error_said_by_the_cell_is_not_repeated_on_its_verdict_line()
    {
        _host.OnCode("#!lyceum nope", t => [Recorded.Failed(t, "Unknown #!lyceum subcommand 'nope'. Run #!lyceum alone for help.")]);
        var (_, cells) = Notebook(("csharp", "#!lyceum nope", []));

        var results = await RunAsync(cells);

        Assert.Equal(1, Occurrences(_terminal.ToString(), "Unknown #!lyceum subcommand"));
        Assert.Contains("Unknown #!lyceum subcommand 'nope'", RunSummary.Of(results).FailureMessage);
    }

    [Fact]
    public async Task a_password_prompt_for_the_api_key_is_answered_with_the_key_the_notebook_is_given()
    {
        const string key = "lk_local_answer_0123456789";
        _redactor.Add(key);
        const string login = "#!lyceum login --api-key @password:\"Lyceum API key\"";
        _host.OnCode(login, t => [Recorded.RequestInput(t + ".1", "--api-key", "Lyceum API key", password: true)]);
        _host.OnReply = reply => reply.GetProperty("eventType").GetString() == "CommandSucceeded"
            ? [Recorded.Stdout("cell-1", "Logged in with an API key.\n"), Recorded.Succeeded("cell-1")]
            : [];
        var (notebook, cells) = Notebook(("csharp", login, []));

        var results = await RunAsync(cells, apiKey: key);

        Assert.Equal(CellStatus.Succeeded, results.Single().Status);
        var replies = _host.Sent.Where(s => s.TryGetProperty("eventType", out _)).ToList();
        Assert.Equal(["InputProduced", "CommandSucceeded"], replies.Select(r => r.GetProperty("eventType").GetString()));
        Assert.Equal(key, replies[0].GetProperty("event").GetProperty("value").GetString());
        Assert.All(replies, r => Assert.Equal("cell-1.1", r.GetProperty("command").GetProperty("token").GetString()));
        Assert.Contains("answered it with LYCEUM_API_KEY", _terminal.ToString());
        Assert.DoesNotContain(key, _terminal.ToString());
        Assert.DoesNotContain(key, JsonSerializer.Serialize(notebook.Document.Elements[0].Outputs.OfType<TextElement>().Select(t => t.Text)));
    }

    [Fact]
    public async Task a_password_prompt_without_a_key_fails_the_cell_with_one_sentence_and_no_stack_trace()
    {
        const string login = "#!lyceum login --api-key @password:\"Lyceum API key\"";
        _host.OnCode(login, t => [Recorded.RequestInput(t + ".1", "--api-key", "Lyceum API key", password: true)]);
        _host.OnReply = reply =>
        [
            Recorded.Error("cell-1.1", reply.GetProperty("event").GetProperty("message").GetString()!),
            Recorded.Failed("cell-1", "(1,26): error DNI204: " + reply.GetProperty("event").GetProperty("message").GetString()),
        ];
        var (notebook, cells) = Notebook(("csharp", login, []));

        var results = await RunAsync(cells, apiKey: null);

        var problem = results.Single().Problem;
        Assert.Equal(
            "This cell asks for a password (\"Lyceum API key\" for --api-key), which a headless run cannot do: set LYCEUM_API_KEY before running " +
            "(the runner then answers the prompt with it), or remove --api-key and sign in with #!lyceum login alone.",
            problem);
        Assert.Equal(1, Occurrences(_terminal.ToString(), "which a headless run cannot do"));
        Assert.DoesNotContain("DNI204", _terminal.ToString());
        Assert.IsType<ErrorElement>(Assert.Single(notebook.Document.Elements[0].Outputs));
    }

    [Fact]
    public async Task an_input_prompt_fails_the_cell_with_the_runners_sentence_not_the_hosts_input_not_provided()
    {
        const string set = "#!set --name who --value @input:\"Your name\"";
        _host.OnCode(set, t => [Recorded.RequestInput(t + ".1", "--value", "Your name", password: false)]);
        _host.OnReply = reply =>
            [Recorded.Error("cell-1.1", reply.GetProperty("event").GetProperty("message").GetString()!), Recorded.Failed("cell-1", "(1,24): error DNI204: Input not provided.")];
        var (_, cells) = Notebook(("csharp", set, []));

        var results = await RunAsync(cells);

        Assert.StartsWith("This cell asks for input (\"Your name\" for --value), which a headless run cannot do:", results.Single().Problem);
        Assert.DoesNotContain("Input not provided", _terminal.ToString());
        Assert.Equal(1, Occurrences(_terminal.ToString(), "which a headless run cannot do"));
    }

    [Fact]
    public async Task a_host_without_a_frontend_reports_the_prompt_in_one_sentence_instead_of_its_stack_trace()
    {
        _host.OnCode("#!lyceum login --api-key @password:x", t =>
        [
            Recorded.Failed(t, "(1,26): error DNI204: Microsoft.DotNet.Interactive.NoSuitableKernelException: No handler registered on kernel csharp for command: " +
                               "Microsoft.DotNet.Interactive.Commands.RequestInput\n   at Microsoft.DotNet.Interactive.Commands.KernelCommand.InvokeAsync(KernelInvocationContext context)"),
        ]);
        var (_, cells) = Notebook(("csharp", "#!lyceum login --api-key @password:x", []));

        var results = await RunAsync(cells);

        Assert.Equal(HostRequests.CannotAsk, results.Single().Problem);
        Assert.DoesNotContain("   at ", _terminal.ToString());
    }

    [Fact]
    public async Task a_request_for_the_editor_is_refused_in_words_and_the_cell_fails_with_the_hosts_own_error()
    {
        // In [vscode] mode the host sends #!javascript cells to the editor's webview, which a headless run does not have.
        var toWebview = """{"token":"cell-1.1","commandType":"SubmitCode","command":{"code":"alert(1)","targetKernelName":"javascript","originUri":"kernel://pid-1/javascript","destinationUri":"kernel://webview/javascript"},"routingSlip":[]}""";
        _host.OnCode("#!javascript\nalert(1)", _ => [toWebview]);
        _host.OnReply = reply => [Recorded.Failed("cell-1", reply.GetProperty("event").GetProperty("message").GetString()!)];
        var (_, cells) = Notebook(("javascript", "#!javascript\nalert(1)", []));

        var results = await RunAsync(cells);

        var reply = Assert.Single(_host.Sent, s => s.TryGetProperty("eventType", out _));
        Assert.Equal("CommandFailed", reply.GetProperty("eventType").GetString());
        Assert.Equal("A headless run has no editor to handle SubmitCode.", results.Single().Problem);
    }

    private static int Occurrences(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
