using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lyceum.Runner.Tests;

/// <summary>
/// The runner with the real dotnet-interactive host, the extension packed from this repository and an embedded
/// Lyceum Local: notebooks/first-hour.ipynb as a new user runs it, and the README's password login cell headless.
/// Each notebook is copied to a temporary folder (with the demo wheels) so the files it writes stay out of the repository.
/// </summary>
public sealed class FirstHourNotebookTests : IDisposable
{
    private readonly TestNotebooks _notebooks = new();

    [Fact]
    public async Task the_first_hour_notebook_runs_green_with_each_mistake_said_once_and_no_secret_in_sight()
    {
        var path = CopyWithWheels(Path.Combine(TestNotebooks.RepositoryRoot(), "notebooks", "first-hour.ipynb"));

        var (exitCode, terminal, key) = await RunAsync(path);

        Assert.True(exitCode == 0, terminal);
        var cells = Cells(path);
        var tagged = cells.Where(c => c.Tags.Contains("raises-exception")).ToList();
        Assert.Equal(4, tagged.Count);
        foreach (var cell in cells)
        {
            var errors = cell.Outputs.Where(o => o.GetProperty("output_type").GetString() == "error").ToList();
            Assert.True(errors.Count == (cell.Tags.Contains("raises-exception") ? 1 : 0), $"{cell.Source}: {errors.Count} error outputs");
        }

        // Each mistake says what to do, once on the terminal and once in the cell's saved outputs.
        AssertSaidOnce(terminal, Cell(cells, "@lyceum-python:note"), "Start the cell with #!lyceum-python --export note");
        AssertSaidOnce(terminal, Cell(cells, "mean([])"), "ZeroDivisionError: division by zero");
        AssertSaidOnce(terminal, Cell(cells, "--machine gpu.x9000"), "--machine gpu.x9000 is not a machine type; available: cpu.");
        AssertSaidOnce(terminal, Cell(cells, "first-hour/missing.txt"), "#!lyceum files lists your storage keys");
        Assert.DoesNotMatch(@"\(\d+,\d+\): error DNI", terminal);
        Assert.Contains("Hello, first hour, from lyceum-hello 0.1.0", terminal);
        Assert.Contains("Out: 3 cities, 1,212,000 people; the first is Oslo", terminal);
        Assert.Contains("All 21 code cells succeeded", terminal);

        var saved = File.ReadAllText(OutPath(path));
        Assert.DoesNotContain(key, terminal);
        Assert.DoesNotContain(key, saved);
        // A value the cell did not export never comes back, in any output.
        Assert.DoesNotContain(cells.SelectMany(c => c.Outputs).SelectMany(Strings), s => s.Contains("this stays on the machine", StringComparison.Ordinal));
    }

    [Fact]
    public async Task the_readmes_password_login_cell_runs_headless_with_the_key_and_a_prompt_it_cannot_answer_says_so_once()
    {
        var path = _notebooks.Ipynb(
            "login.ipynb",
            ("csharp", "#r \"nuget:Lyceum.Interactive\"", []),
            ("csharp", "#!lyceum login --api-key @password:\"Lyceum API key\"", []),
            ("csharp", "#!lyceum credits", []),
            ("csharp", "#!set --name who --value @input:\"Your name\"", ["raises-exception"]),
            ("csharp", "#!lyceum nope", ["raises-exception"]));

        // --verbose also prints the protocol, the runner's answer with the key included: masked there too.
        var (exitCode, everything, key) = await RunAsync(path, "--verbose");

        Assert.True(exitCode == 0, everything);
        Assert.Contains(">> {\"event\":{\"value\":\"***\"},\"eventType\":\"InputProduced\"", everything);
        Assert.DoesNotContain(key, everything + File.ReadAllText(OutPath(path)));
        var terminal = string.Join('\n', everything.Split('\n').Where(l => !l.StartsWith("<< ") && !l.StartsWith(">> ") && !l.StartsWith("!! ") && !l.StartsWith("[lyceum-local]")));
        Assert.Contains("the headless run answered it with LYCEUM_API_KEY", terminal);
        Assert.Contains("Logged in to", terminal);
        Assert.DoesNotContain("DNI204", terminal);
        Assert.DoesNotContain("NoSuitableKernelException", terminal);
        Assert.DoesNotContain("Input not provided", terminal);
        var cells = Cells(path);
        AssertSaidOnce(terminal, Cell(cells, "@input:"), "This cell asks for input (\"Your name\" for --value), which a headless run cannot do");
        AssertSaidOnce(terminal, Cell(cells, "#!lyceum nope"), "Unknown #!lyceum subcommand 'nope'");
    }

    public void Dispose() => _notebooks.Dispose();

    private static void AssertSaidOnce(string terminal, SavedCell cell, string text)
    {
        Assert.True(Regex.Matches(terminal, Regex.Escape(text)).Count == 1, $"the terminal says '{text}' {Regex.Matches(terminal, Regex.Escape(text)).Count} times:\n{terminal}");
        // An error output carries the sentence as its value and as its traceback: one output, said once.
        var saying = cell.Outputs.Count(o => Strings(o).Any(s => s.Contains(text, StringComparison.Ordinal)));
        Assert.True(saying == 1, $"{cell.Source}: {saying} outputs say '{text}': {string.Join("\n", cell.Outputs.Select(o => o.GetRawText()))}");
    }

    private async Task<(int ExitCode, string Terminal, string Key)> RunAsync(string notebook, params string[] options)
    {
        var wheels = Path.Combine(_notebooks.Folder, "wheels");
        var launcher = new KeyRecordingLauncher(new EmbeddedLyceumLocal(python: null, pipArgs: $"--no-index --find-links \"{wheels}\""));
        var terminal = new StringWriter();
        var exitCode = await RunnerApp.RunAsync(
            [notebook, "--repo-root", TestNotebooks.RepositoryRoot(), "--cell-timeout", "120", .. options], terminal, terminal, _ => null, launcher);
        return (exitCode, terminal.ToString(), launcher.Key ?? throw new InvalidOperationException("No Lyceum Local was started:\n" + terminal));
    }

    private string CopyWithWheels(string notebook)
    {
        var wheels = Path.Combine(Path.GetDirectoryName(notebook)!, "wheels");
        Directory.CreateDirectory(Path.Combine(_notebooks.Folder, "wheels"));
        foreach (var wheel in Directory.GetFiles(wheels, "*.whl"))
        {
            File.Copy(wheel, Path.Combine(_notebooks.Folder, "wheels", Path.GetFileName(wheel)));
        }

        return _notebooks.Write(Path.GetFileName(notebook), File.ReadAllText(notebook));
    }

    /// <summary>Every string in an output (text, data, evalue, traceback lines).</summary>
    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        _ => [],
    };

    private static string OutPath(string notebook) => Path.ChangeExtension(notebook, null) + ".out.ipynb";

    private static List<SavedCell> Cells(string notebook) =>
        JsonDocument.Parse(File.ReadAllText(OutPath(notebook))).RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(c => new SavedCell(
                Text(c.GetProperty("source")),
                c.GetProperty("metadata").TryGetProperty("tags", out var tags) ? tags.EnumerateArray().Select(t => t.GetString()!).ToList() : [],
                c.GetProperty("outputs").EnumerateArray().ToList()))
            .ToList();

    private static SavedCell Cell(IEnumerable<SavedCell> cells, string sourcePart) => cells.Single(c => c.Source.Contains(sourcePart, StringComparison.Ordinal));

    private static string Text(JsonElement source) =>
        source.ValueKind == JsonValueKind.Array ? string.Concat(source.EnumerateArray().Select(s => s.GetString())) : source.GetString() ?? "";

    private sealed record SavedCell(string Source, List<string> Tags, List<JsonElement> Outputs);

    /// <summary>The runner's own embedded Lyceum Local, remembering the key it hands the notebook.</summary>
    private sealed class KeyRecordingLauncher(ILyceumServiceLauncher inner) : ILyceumServiceLauncher
    {
        public string? Key { get; private set; }

        public async Task<LyceumEndpoint> StartAsync(Action<string> log, CancellationToken cancellationToken = default)
        {
            var endpoint = await inner.StartAsync(log, cancellationToken);
            Key = endpoint.ApiKey;
            return endpoint;
        }
    }
}
