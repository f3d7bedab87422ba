using System.Text.Json;

namespace Lyceum.Runner.Tests;

/// <summary>The runner against the real dotnet-interactive stdio host (10-30 s to start), so only one run.</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly TestNotebooks _notebooks = new();

    [Fact]
    public async Task plain_csharp_notebook_with_an_expected_failure_runs_green_in_the_real_host()
    {
        var path = _notebooks.Ipynb(
            "tiny.ipynb",
            ("markdown", "# A tiny notebook", []),
            ("csharp", "Console.WriteLine(\"hello from the runner\");\n6 * 7", []),
            ("csharp", "throw new InvalidOperationException(\"expected boom\");", ["raises-exception"]));
        var terminal = new StringWriter();

        var exitCode = await RunnerApp.RunAsync(
            [path, "--repo-root", TestNotebooks.RepositoryRoot(), "--cell-timeout", "120"],
            terminal,
            terminal,
            _ => null);

        Assert.True(exitCode == 0, terminal.ToString());
        Assert.Contains("[cell 3 of 3] csharp: throw new InvalidOperationException", terminal.ToString());
        var cells = JsonDocument.Parse(File.ReadAllText(Path.Combine(_notebooks.Folder, "tiny.out.ipynb"))).RootElement.GetProperty("cells");
        var printing = cells[1].GetProperty("outputs");
        Assert.Equal("stream", printing[0].GetProperty("output_type").GetString());
        Assert.Equal("hello from the runner\n", string.Concat(printing[0].GetProperty("text").EnumerateArray().Select(t => t.GetString())));
        Assert.Equal("execute_result", printing[1].GetProperty("output_type").GetString());
        Assert.Contains("42", printing[1].GetProperty("data").GetRawText());
        var failing = cells[2].GetProperty("outputs")[0];
        Assert.Equal("error", failing.GetProperty("output_type").GetString());
        Assert.Equal("System.InvalidOperationException", failing.GetProperty("ename").GetString());
        Assert.Equal("expected boom", failing.GetProperty("evalue").GetString());
    }

    public void Dispose() => _notebooks.Dispose();
}
