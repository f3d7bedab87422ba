using System.Text.Json;
using System.Text.RegularExpressions;
using Lyceum.Interactive.Prelude;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests.Prelude;

/// <summary>What the docs and sample notebooks show is what a user gets when they run it.</summary>
public sealed partial class SampleTests(LocalServerFixture local) : IClassFixture<LocalServerFixture>
{
    private static string Repository([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    [Fact]
    public async Task the_traceback_example_in_remote_cells_md_is_what_the_third_cell_prints()
    {
        var doc = await File.ReadAllTextAsync(Path.Combine(Repository(), "docs", "remote-cells.md"));
        var errors = doc[doc.IndexOf("## Errors", StringComparison.Ordinal)..];
        var blocks = FencedBlock().Matches(errors).Take(2).Select(m => m.Groups[1].Value).ToList();
        Formatter.ResetToDefault();
        using var notebook = new Notebook(local.NewClient());
        (await notebook.SubmitAsync("#!lyceum-python\nprint(1)")).Succeeded();
        (await notebook.SubmitAsync("#!lyceum-python\nprint(2)")).Succeeded();

        var third = await notebook.SubmitAsync(blocks[0]);

        third.Failed();
        // Python 3.11+ adds a line of ~~^~~ under the failing expression; the doc says so and leaves it out.
        Assert.Equal(blocks[1], CaretLine().Replace(third.Stderr().Replace("\r\n", "\n"), ""));
    }

    [Fact]
    public async Task the_gpu_notebooks_training_loop_converges_to_the_line_it_fits()
    {
        using var notebook = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Repository(), "notebooks", "gpu.ipynb")));
        var cell = notebook.RootElement.GetProperty("cells").EnumerateArray()
            .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(l => l.GetString())))
            .First(source => source.StartsWith("#!lyceum-python --machine cpu", StringComparison.Ordinal));
        var code = cell[(cell.IndexOf('\n') + 1)..];

        var run = await CellOutcome.RunAsync(code);

        var epochs = EpochLine().Matches(run.Text).Select(m => (Loss: double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), W: double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), B: double.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(4, epochs.Count);
        Assert.True(epochs[^1].Loss < 0.02, run.Text);
        Assert.InRange(epochs[^1].W, 2.9, 3.1);
        Assert.InRange(epochs[^1].B, 1.9, 2.1);
    }

    [GeneratedRegex("```(?:python)?\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"(?m)^ *[~^]+ *\n")]
    private static partial Regex CaretLine();

    [GeneratedRegex(@"loss ([0-9.]+)  w=(-?[0-9.]+) b=(-?[0-9.]+)")]
    private static partial Regex EpochLine();
}
