using Lyceum.Client;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Tests.Infrastructure;
using Lyceum.Interactive.Tests.Prelude;
using Lyceum.Local;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests;

/// <summary>A real matplotlib figure through the whole path: the kernel, Lyceum Local running Debian's interpreter
/// (where CI installs python3-matplotlib), the stream, and back into the cell as an image.</summary>
public sealed class MatplotlibCellTests : IAsyncLifetime
{
    private LyceumLocalServer? _server;
    private Notebook? _notebook;

    public async Task InitializeAsync()
    {
        Formatter.ResetToDefault();
        _server = await LyceumLocalServer.StartAsync(new LyceumLocalOptions { Python = LocalPython.Debian, RateLimits = false });
        _notebook = new Notebook(new LyceumClient(LyceumCredential.FromApiKey(_server.ApiKey), new LyceumClientOptions { Endpoint = _server.BaseUrl }));
    }

    public async Task DisposeAsync()
    {
        _notebook?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    [MatplotlibFact]
    public async Task a_matplotlib_figure_shown_in_a_cell_arrives_as_a_png_image_between_its_text()
    {
        var result = await _notebook!.SubmitAsync("""
            #!lyceum-python
            import matplotlib.pyplot as plt
            print("before")
            plt.plot([1, 2, 3], [1, 4, 9])
            plt.show()
            print("after")
            """);

        result.Succeeded();
        var shown = result.Events
            .Where(e => e is StandardOutputValueProduced || e is DisplayedValueProduced { Value: not RunCard })
            .ToList();
        var image = Assert.Single(shown.OfType<DisplayedValueProduced>());
        var png = Convert.FromBase64String(image.FormattedValues.Single(f => f.MimeType == "image/png").Value);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var before = shown.FindIndex(e => e is StandardOutputValueProduced o && o.FormattedValues.Any(f => f.Value.Contains("before")));
        var after = shown.FindIndex(e => e is StandardOutputValueProduced o && o.FormattedValues.Any(f => f.Value.Contains("after")));
        Assert.True(before < shown.IndexOf(image) && shown.IndexOf(image) < after, "the image must arrive between the text printed around it");
    }
}
