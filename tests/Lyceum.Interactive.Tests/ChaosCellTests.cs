using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests;

/// <summary>
/// Remote Python cells through the extension in a notebook (a CompositeKernel with the C# kernel and the extension
/// loaded, as the host loads it) while the shared fault-injecting proxy between the extension and Lyceum Local cuts,
/// silently stalls (socket open) and drips each cell's output stream. Each cell prints thousands of numbered lines
/// with stderr interleaved: every line must reach the cell exactly once, in order, on its own stream, every cell must
/// finish, and its card must end completed. A few runs per transport (the SDK's own chaos suite does fifty); faults
/// are fixed, and the only bound on time stops a hung test.
/// </summary>
public sealed class ChaosCellTests
{
    private const int Lines = 2000;

    private static readonly string Printer = "#!lyceum-python\n" + NumberedLines.Code(Lines);

    private static readonly string ExpectedStdout = NumberedLines.Stdout(Lines);

    private static readonly string ExpectedStderr = NumberedLines.Stderr(Lines);

    /// <summary>The faults of each run, one per stream request in order (the first, then each resume). Every first fault
    /// is a cut or a stall a few kilobytes in (a run prints over 100 KB), so every run resumes at least once.</summary>
    private static readonly ChaosProxy.Fault[][] Runs =
    [
        [new(ChaosProxy.FaultKind.Cut, 3_000), new(ChaosProxy.FaultKind.Stall, 6_000)],
        [new(ChaosProxy.FaultKind.Stall, 2_000), new(ChaosProxy.FaultKind.Cut, 9_000), new(ChaosProxy.FaultKind.Cut, 500)],
        [new(ChaosProxy.FaultKind.Stall, 1_500), new(ChaosProxy.FaultKind.Drip, 500, 3_000)],
    ];

    public ChaosCellTests() => Formatter.ResetToDefault();

    [Theory]
    [InlineData("ws")]
    [InlineData("sse")]
    public async Task every_line_of_a_cell_arrives_once_in_order_on_its_stream_through_cuts_and_stalls_and_its_card_ends_completed(string transport)
    {
        await using var local = await ChaosLocal.StartAsync(transport);
        using var client = local.CreateClient();
        using var notebook = new Notebook(client);

        foreach (var faults in Runs)
        {
            local.Streams.PlanNextRun(faults);

            var result = await notebook.SubmitAsync(Printer).WaitAsync(TimeSpan.FromMinutes(3));

            result.Succeeded();
            Assert.Equal(ExpectedStdout, result.Stdout());
            Assert.Equal(ExpectedStderr, result.Stderr());
            var card = LastCard(result);
            Assert.Equal("completed", card.State);
            Assert.True(card.Ended);
            Assert.Null(card.Reconnecting);
            Assert.False(card.OutputMayBeIncomplete);
        }

        // Each run's first fault struck and its resumed stream drew the second (a run that ends first leaves later ones unused).
        Assert.True(local.Streams.FaultsStruck >= 2 * Runs.Length, $"only {local.Streams.FaultsStruck} faults struck");
    }

    private static RunCard LastCard(KernelCommandResult result) =>
        result.Events.OfType<Microsoft.DotNet.Interactive.Events.DisplayEvent>().Select(e => e.Value).OfType<RunCard>().Last();
}
