using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Tests.Prelude;

public partial class RemoteCellTests
{
    private const string Plot = """
        import matplotlib.pyplot as plt
        plt.plot([1, 2, 3], [4, 1, 9])
        plt.title("shown")
        plt.show()
        print("between")
        plt.figure()
        plt.bar(["a", "b"], [3, 5])
        """;

    [MatplotlibFact]
    public async Task a_matplotlib_figure_becomes_a_png_image()
    {
        var cell = await CellOutcome.RunAsync(Plot, python: LocalPython.Debian);

        Assert.Equal(0, cell.Run.ExitCode);
        Assert.Equal("", cell.Run.Stderr);
        var images = cell.Frames.OfType<DisplayFrame>().ToList();
        Assert.Equal(2, images.Count); // the shown one, and the one still open at the end
        foreach (var image in images)
        {
            Assert.Equal([0x89, 0x50, 0x4E, 0x47], Convert.FromBase64String(image.Data["image/png"])[..4]);
        }
        Assert.Equal("between\n", cell.Text);
        Assert.IsType<DisplayFrame>(RemoteFrame.From((FramePiece)cell.Pieces[0]));
    }

    [MatplotlibFact]
    public async Task figures_come_as_svg_when_asked()
    {
        var cell = await CellOutcome.RunAsync(Plot, new CellOptions { FigureFormat = FigureFormat.Svg }, python: LocalPython.Debian);

        var images = cell.Frames.OfType<DisplayFrame>().ToList();
        Assert.Equal(2, images.Count);
        Assert.All(images, i => Assert.Contains("<svg", i.Data["image/svg+xml"], StringComparison.Ordinal));
    }

    [MatplotlibFact]
    public async Task a_plot_cells_figure_and_axes_are_not_listed_as_values_that_could_not_be_shared()
    {
        var cell = await CellOutcome.RunAsync("""
            import matplotlib.pyplot as plt
            fig, ax = plt.subplots()
            lines = ax.plot([1, 2, 3], [4, 1, 9])
            grid, axes = plt.subplots(2, 2)
            losses = [0.9, 0.5, 0.2]
            """, new CellOptions { Exports = [CellOptions.ExportAll] }, python: LocalPython.Debian);

        var frame = cell.Single<VariablesFrame>();
        Assert.Equal(["losses"], frame.Values.Keys);
        Assert.Empty(frame.Skipped);
        Assert.Equal("Figure", frame.TypeNames["fig"]);
    }
}
