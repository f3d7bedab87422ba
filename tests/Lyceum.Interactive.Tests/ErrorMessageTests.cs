using System.Net;
using System.Net.Sockets;
using Lyceum.Client;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests;

/// <summary>What a user sees when they get something wrong: a plain sentence that says what to do.</summary>
public sealed class ErrorMessageTests : IClassFixture<LocalServerFixture>, IDisposable
{
    private readonly LocalServerFixture _local;
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("lyceum-errors-test-");

    public ErrorMessageTests(LocalServerFixture local)
    {
        _local = local;
        Formatter.ResetToDefault();
    }

    public void Dispose() => _folder.Delete(recursive: true);

    [Theory]
    [InlineData("#!lyceum config --timeout abc", "--timeout 'abc' is not a number of seconds: give 1 to 600.")]
    [InlineData("#!lyceum image python:3.12-slim --timeout abc", "--timeout 'abc' is not a number of seconds: give 1 to 600.")]
    [InlineData("#!lyceum history --limit abc", "--limit 'abc' is not a whole number: give 1 to 500.")]
    [InlineData("#!lyceum history --offset many", "--offset 'many' is not a whole number: give 0 or more.")]
    public async Task a_number_option_given_words_fails_with_a_sentence_not_a_json_error(string cell, string message)
    {
        using var notebook = new Notebook(_local.NewClient());

        var failed = (await notebook.SubmitAsync(cell)).Failed();

        Assert.Equal(message, failed.Message);
    }

    [Fact]
    public async Task number_options_given_numbers_still_work()
    {
        using var notebook = new Notebook(_local.NewClient());

        (await notebook.SubmitAsync("#!lyceum history --limit 2 --offset 0")).Succeeded();
        var config = await notebook.SubmitAsync("#!lyceum config --timeout 30");
        config.Succeeded();
        Assert.Contains("timeout: 30", config.Formatted("text/plain").Single());
    }

    [Fact]
    public async Task login_with_a_wrong_key_quotes_the_service_in_whole_sentences()
    {
        using var notebook = new Notebook(_local.NewClient()).AnswerPrompts();
        notebook.Answers["Lyceum API key"] = "lk_wrong_key_123456";

        var failed = (await notebook.SubmitAsync("#!lyceum login --api-key @password:\"Lyceum API key\"")).Failed();

        Assert.Contains("refused the credential (an API key): Invalid API key", failed.Message);
        Assert.EndsWith(". Check it and log in again.", failed.Message);
        Assert.DoesNotContain("..", failed.Message);
        Assert.DoesNotContain("lk_wrong_key_123456", failed.Message);
    }

    [Fact]
    public async Task login_to_a_service_that_does_not_answer_says_so_and_what_to_check()
    {
        using var notebook = new Notebook(client: null).AnswerPrompts();
        notebook.Answers["Lyceum API key"] = "lk_some_key_123456";

        var failed = (await notebook.SubmitAsync($"#!lyceum login --api-key @password:\"Lyceum API key\" --url http://127.0.0.1:{ClosedPort()}")).Failed();

        Assert.StartsWith("Could not reach Lyceum: ", failed.Message);
        Assert.Contains(". Check the URL (#!lyceum status) and your network.", failed.Message);
        Assert.DoesNotContain("..", failed.Message);
        Assert.DoesNotContain("lk_some_key_123456", failed.Message);
    }

    [Fact]
    public async Task status_of_a_service_that_does_not_answer_says_unreachable_in_the_notebooks_words()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";
        using var notebook = new Notebook(new LyceumClient(LyceumCredential.FromApiKey("lk_some_key_123456"), new LyceumClientOptions { Endpoint = new Uri(url) }));

        var status = await notebook.SubmitAsync("#!lyceum status");

        status.Succeeded();
        var text = status.Formatted("text/plain").Single();
        Assert.Contains("unreachable (Could not reach Lyceum: ", text);
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("..", text);
    }

    [Fact]
    public async Task status_after_logout_says_not_checked_rather_than_unreachable_and_names_the_service_used_before()
    {
        using var notebook = new Notebook(_local.NewClient());
        (await notebook.SubmitAsync("#!lyceum logout")).Succeeded();

        var status = await notebook.SubmitAsync("#!lyceum status");

        status.Succeeded();
        var text = status.Formatted("text/plain").Single();
        Assert.Contains($"{_local.Server.BaseUrl.ToString().TrimEnd('/')}", text);
        Assert.Contains("not checked (log in first)", text);
        Assert.DoesNotContain("unreachable", text);
        Assert.Contains("badge warn", status.Html());
    }

    [Fact]
    public async Task login_after_logout_without_url_goes_back_to_the_same_service()
    {
        using var notebook = new Notebook(_local.NewClient()).AnswerPrompts();
        notebook.Answers["Lyceum API key"] = _local.Server.ApiKey;
        (await notebook.SubmitAsync("#!lyceum logout")).Succeeded();

        var login = await notebook.SubmitAsync("#!lyceum login --api-key @password:\"Lyceum API key\"");

        login.Succeeded();
        Assert.Contains(_local.Server.BaseUrl.Authority, login.Formatted("text/plain").Single());
    }

    [Fact]
    public async Task download_to_a_folder_that_does_not_exist_yet_puts_the_file_inside_it()
    {
        using var notebook = new Notebook(_local.NewClient());
        var source = Path.Combine(_folder.FullName, "report.txt");
        await File.WriteAllTextAsync(source, "the report");
        (await notebook.SubmitAsync($"#!lyceum upload {source} --key errors-test/report.txt")).Succeeded();

        var folder = Path.Combine(_folder.FullName, "new", "models") + Path.DirectorySeparatorChar;
        (await notebook.SubmitAsync($"#!lyceum download errors-test/report.txt --to {folder}")).Succeeded();

        Assert.Equal("the report", await File.ReadAllTextAsync(Path.Combine(folder, "report.txt")));
    }

    [Fact]
    public async Task a_failed_download_leaves_its_progress_saying_it_failed_not_downloading()
    {
        using var notebook = new Notebook(_local.NewClient());

        var result = await notebook.SubmitAsync($"#!lyceum download errors-test/missing.txt --to {_folder.FullName}");

        var failed = result.Failed();
        Assert.StartsWith("There is no file 'errors-test/missing.txt' in your storage.", failed.Message);
        var last = Assert.IsType<TransferView>(result.Events.OfType<DisplayedValueUpdated>().Last().Value);
        Assert.Equal("Download failed:", last.Verb);
    }

    [Fact]
    public async Task a_failed_upload_leaves_its_progress_saying_it_failed()
    {
        using var notebook = new Notebook(_local.NewClient());
        var source = Path.Combine(_folder.FullName, "bad.txt");
        await File.WriteAllTextAsync(source, "x");

        var result = await notebook.SubmitAsync($"#!lyceum upload {source} --key ../escape.txt");

        result.Failed();
        var last = Assert.IsType<TransferView>(result.Events.OfType<DisplayedValueUpdated>().Last().Value);
        Assert.Equal("Upload failed:", last.Verb);
    }

    [Theory]
    [InlineData("#!connect lyceum --kernel-name slow --timeout 0", "--timeout 0 is out of range: give seconds from 1 to 600.")]
    [InlineData("#!connect lyceum --kernel-name slow --timeout abc", "--timeout 'abc' is not a number of seconds: give 1 to 600.")]
    public async Task connect_with_a_bad_timeout_fails_with_the_sentence_and_no_stack_trace_and_adds_no_kernel(string cell, string message)
    {
        using var notebook = new Notebook(_local.NewClient());

        var result = await notebook.SubmitAsync(cell);

        Assert.Equal(message, result.Failed().Message);
        Assert.DoesNotContain(result.Visible(), v => v.Contains("   at ", StringComparison.Ordinal));
        Assert.DoesNotContain(notebook.Kernel.ChildKernels, k => k.Name == "slow");
        (await notebook.SubmitAsync("#!connect lyceum --kernel-name slow --timeout 30")).Succeeded();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("//")]
    public async Task delete_folder_of_the_storage_root_says_to_give_a_prefix(string key)
    {
        using var notebook = new Notebook(_local.NewClient());

        var failed = (await notebook.SubmitAsync($"#!lyceum delete {key} --folder")).Failed();

        Assert.StartsWith("--folder needs a prefix such as results/2025/", failed.Message);
        Assert.DoesNotContain("HTTP 400", failed.Message);
    }

    [Fact]
    public async Task creating_a_key_with_an_empty_name_asks_for_a_name()
    {
        using var notebook = new Notebook(_local.NewClient());

        var failed = (await notebook.SubmitAsync("#!lyceum keys --create \"\"")).Failed();

        Assert.Equal("Give the new key a name: #!lyceum keys --create NAME, e.g. --create ci-pipeline.", failed.Message);
    }

    [Fact]
    public void a_run_the_service_refused_says_not_started_once_with_the_reason()
    {
        var card = new RunCard { What = "python:3.12-slim", State = "not started", Machine = "cpu", Elapsed = TimeSpan.FromSeconds(2), Ended = true, Message = "HTTP 503 (service_unavailable): No container runtime is configured" };

        var text = Formatter.ToDisplayString(card, "text/plain");

        Assert.StartsWith("Lyceum python:3.12-slim: not started — cpu · 2 s", text);
        Assert.DoesNotContain("not started yet", text);
        Assert.Contains("No container runtime is configured", text);
        Assert.Contains("not started yet", Formatter.ToDisplayString(card with { State = "starting", Ended = false }, "text/plain"));
    }

    [Theory]
    [InlineData("#!lyceum config --timout 30", "#!lyceum config has no option '--timout'; its options: --kernel, --machine, --timeout, --requirements-file, --output-cap, --session, --figure-format, --budget. Run #!lyceum alone for help.")]
    [InlineData("#!lyceum history --limt 5", "#!lyceum history has no option '--limt'; its options: --limit, --offset. Run #!lyceum alone for help.")]
    [InlineData("#!lyceum logout --force", "#!lyceum logout has no option '--force'; it takes no options. Run #!lyceum alone for help.")]
    public async Task a_mistyped_option_fails_naming_it_and_the_options_there_are_instead_of_being_ignored(string cell, string message)
    {
        using var notebook = new Notebook(_local.NewClient());

        var result = await notebook.SubmitAsync(cell);

        Assert.Equal(message, result.Failed().Message);
        Assert.Empty(result.Events.OfType<DisplayedValueProduced>());
    }

    [Fact]
    public async Task option_like_text_inside_quoted_or_json_values_is_not_taken_for_an_option()
    {
        using var notebook = new Notebook(_local.NewClient());

        var config = await notebook.SubmitAsync("#!lyceum config --timeout 30 --session off\n#!lyceum history --limit 1");
        config.Succeeded();
        var image = await notebook.SubmitAsync("#!lyceum image python:3.12-slim --cmd [\"python\", \"--version\"] --env \"A=--b\" --timeout 0");
        Assert.Equal("--timeout 0 is out of range: give seconds from 1 to 600.", image.Failed().Message);
    }

    [Theory]
    [InlineData("#!lyceum download errors-test/nope.txt", "There is no file 'errors-test/nope.txt' in your storage.", "#!lyceum files lists your storage keys.")]
    [InlineData("#!lyceum delete errors-test/nope.txt", "There is no file 'errors-test/nope.txt' in your storage.", "#!lyceum files lists your storage keys.")]
    [InlineData("#!lyceum delete errors-test/nowhere/ --folder", "There are no files under 'errors-test/nowhere/' in your storage.", "#!lyceum files lists your storage keys.")]
    [InlineData("#!lyceum abort 00000000-0000-0000-0000-000000000000", "There is no run '00000000-0000-0000-0000-000000000000' on your account.", "#!lyceum runs lists your live runs, #!lyceum history the past ones.")]
    [InlineData("#!lyceum attach 00000000-0000-0000-0000-000000000000", "There is no run '00000000-0000-0000-0000-000000000000' on your account.", "#!lyceum runs lists your live runs, #!lyceum history the past ones.")]
    [InlineData("#!lyceum keys --delete key_nope", "There is no API key with id 'key_nope'.", "#!lyceum keys lists your keys with their ids.")]
    [InlineData("#!lyceum keys --toggle key_nope", "There is no API key with id 'key_nope'.", "#!lyceum keys lists your keys with their ids.")]
    public async Task something_that_does_not_exist_is_named_as_typed_once_with_the_command_that_lists_what_does(string cell, string missing, string hint)
    {
        using var notebook = new Notebook(_local.NewClient());

        var result = await notebook.SubmitAsync(cell);
        var failed = result.Failed();

        Assert.Equal($"{missing} {hint}", failed.Message);
        // Said once: no display output of the cell repeats it, and nothing the user reads speaks HTTP.
        var visible = result.Formatted("text/plain").Concat(result.Formatted("text/html")).ToList();
        Assert.DoesNotContain(visible, v => v.Contains(missing, StringComparison.Ordinal) || v.Contains("HTTP 404") || v.Contains("not_found"));
    }

    [Theory]
    [InlineData("#!lyceum-python --machine gpu.x9000\nprint('ran')", "--machine gpu.x9000 is not a machine type; available: cpu")]
    [InlineData("#!lyceum image python:3.12-slim --machine gpu.x9000", "--machine gpu.x9000 is not a machine type; available: cpu")]
    public async Task a_machine_type_that_does_not_exist_is_named_as_typed_once_with_the_types_there_are(string cell, string expected)
    {
        using var notebook = new Notebook(_local.NewClient());

        var result = await notebook.SubmitAsync(cell);

        Assert.StartsWith(expected, result.Failed().Message);
        var visible = result.Visible().ToList();
        Assert.DoesNotContain(visible, v => v.Contains("execution_type") || v.Contains("HTTP 400") || v.Contains("send again"));
        Assert.Single(visible, v => v.Contains("is not a machine type"));
        var card = result.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<RunCard>().Last();
        Assert.Equal("not started", card.State);
    }

    [Fact]
    public async Task uploading_a_folder_says_it_is_a_folder_not_that_it_is_missing()
    {
        using var notebook = new Notebook(_local.NewClient());

        var failed = (await notebook.SubmitAsync($"#!lyceum upload {_folder.FullName}")).Failed();

        Assert.StartsWith($"{_folder.FullName} is a folder; #!lyceum upload takes one file at a time", failed.Message);
    }

    [Fact]
    public async Task login_to_a_url_that_is_not_the_lyceum_api_says_to_fix_the_url()
    {
        using var notebook = new Notebook(client: null).AnswerPrompts();
        notebook.Answers["Lyceum API key"] = _local.Server.ApiKey;

        var failed = (await notebook.SubmitAsync($"#!lyceum login --api-key @password:\"Lyceum API key\" --url http://127.0.0.1:{_local.Server.BaseUrl.Port}/not/the/api")).Failed();

        Assert.Contains("does not look like the Lyceum API: HTTP 404", failed.Message);
        Assert.EndsWith("Give --url the service's address, e.g. https://api.lyceum.technology or http://127.0.0.1:8080.", failed.Message);
        Assert.DoesNotContain(_local.Server.ApiKey, failed.Message);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
