using System.Text.Json;

namespace Lyceum.Runner.Tests;

/// <summary>
/// The honest path for a flaky network: the runner, the real dotnet-interactive host, the extension packed from this
/// repository, and Lyceum Local behind the shared fault-injecting proxy, which cuts and drips the output streams of
/// the notebook's remote cells. (Silent stalls are noticed after the extension's 15 s silence check; the in-process
/// suite, tests/Lyceum.Interactive.Tests/ChaosCellTests, shortens it to test them quickly.) Every line must reach
/// the executed notebook exactly once, in order, on its own stream, and each card must end completed.
/// </summary>
public sealed class ChaosNotebookTests : IDisposable
{
    private const int Lines = 2000;
    private const int Cells = 2;

    private readonly TestNotebooks _notebooks = new();

    [Theory]
    [InlineData("ws")]
    [InlineData("sse")]
    public async Task remote_cells_run_by_the_runner_keep_every_line_once_in_order_through_cut_and_dripping_streams(string transport)
    {
        await using var local = await ChaosLocal.StartAsync(transport);
        local.Streams.PlanNextRun([new(ChaosProxy.FaultKind.Cut, 3_000), new(ChaosProxy.FaultKind.Cut, 9_000)]);
        local.Streams.PlanNextRun([new(ChaosProxy.FaultKind.Drip, 1_000, 2_500), new(ChaosProxy.FaultKind.Cut, 20_000)]);
        var cells = Enumerable.Repeat(("lyceum-python", "#!lyceum-python\n" + NumberedLines.Code(Lines), Array.Empty<string>()), Cells);
        var path = _notebooks.Ipynb("chaos.ipynb", [("csharp", "#r \"nuget:Lyceum.Interactive\"", []), .. cells]);
        var terminal = new StringWriter();

        var exitCode = await RunnerApp.RunAsync(
            [path, "--repo-root", TestNotebooks.RepositoryRoot(), "--url", local.Api.Url.ToString(), "--api-key", ChaosLocal.ApiKey, "--cell-timeout", "180"],
            terminal,
            terminal,
            _ => null);

        Assert.True(exitCode == 0, terminal.ToString());
        var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(_notebooks.Folder, "chaos.out.ipynb"))).RootElement.GetProperty("cells");
        foreach (var cell in saved.EnumerateArray().Skip(1))
        {
            var outputs = cell.GetProperty("outputs").EnumerateArray().ToList();
            Assert.Equal(NumberedLines.Stdout(Lines), Stream(outputs, "stdout"));
            Assert.Equal(NumberedLines.Stderr(Lines), Stream(outputs, "stderr"));
            var card = Assert.Single(outputs, o => o.GetProperty("output_type").GetString() == "display_data");
            Assert.Contains(": completed", card.GetProperty("data").GetProperty("text/plain").EnumerateArray().Select(t => t.GetString()).FirstOrDefault() ?? "");
        }

        Assert.True(local.Streams.FaultsStruck >= 3, $"only {local.Streams.FaultsStruck} faults struck");
    }

    public void Dispose() => _notebooks.Dispose();

    private static string Stream(IEnumerable<JsonElement> outputs, string name) =>
        string.Concat(outputs
            .Where(o => o.GetProperty("output_type").GetString() == "stream" && o.GetProperty("name").GetString() == name)
            .SelectMany(o => o.GetProperty("text").EnumerateArray().Select(t => t.GetString())));
}
