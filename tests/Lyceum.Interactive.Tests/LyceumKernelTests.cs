using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests;

/// <summary>Cells of the Lyceum kernel run against Lyceum Local; split by feature into partial files.</summary>
public sealed partial class LyceumKernelTests : IClassFixture<LocalServerFixture>, IDisposable
{
    private readonly LocalServerFixture _local;
    private readonly Notebook _notebook;

    public LyceumKernelTests(LocalServerFixture local)
    {
        _local = local;
        Formatter.ResetToDefault();
        _notebook = new Notebook(local.NewClient());
    }

    public void Dispose() => _notebook.Dispose();

    private Task<KernelCommandResult> RunCellAsync(string code, string kernel = "lyceum-python") =>
        _notebook.SubmitAsync($"#!{kernel}\n{code}");

    private static IReadOnlyList<RunCard> Cards(KernelCommandResult result) =>
        result.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<RunCard>().ToList();
}
