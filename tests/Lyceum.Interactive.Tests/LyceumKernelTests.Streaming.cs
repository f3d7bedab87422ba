using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive.Events;

namespace Lyceum.Interactive.Tests;

public sealed partial class LyceumKernelTests
{
    [Fact]
    public async Task a_cell_that_prints_over_two_seconds_arrives_as_several_stdout_events_in_order()
    {
        var result = await RunCellAsync("""
            import time
            for i in range(8):
                print(f"line {i}", flush=True)
                time.sleep(0.3)
            """);
        result.Succeeded();
        var chunks = result.Events.OfType<StandardOutputValueProduced>().ToList();
        Assert.True(chunks.Count >= 3, $"expected the output in several events, got {chunks.Count}");
        Assert.Equal(string.Concat(Enumerable.Range(0, 8).Select(i => $"line {i}\n")), result.Stdout());
    }

    [Fact]
    public async Task the_run_card_is_produced_once_then_updated_and_ends_with_state_machine_id_and_cost()
    {
        var result = await RunCellAsync("print('hi')");
        result.Succeeded();
        var produced = Assert.Single(result.Events.OfType<DisplayedValueProduced>(), e => e.Value is RunCard);
        var updates = result.Events.OfType<DisplayedValueUpdated>().Where(e => e.Value is RunCard).ToList();
        Assert.NotEmpty(updates);
        Assert.All(updates, u => Assert.Equal(produced.ValueId, u.ValueId));
        var last = (RunCard)updates[^1].Value;
        Assert.Equal("completed", last.State);
        Assert.Equal("cpu", last.Machine);
        Assert.False(string.IsNullOrEmpty(last.ExecutionId));
        Assert.NotNull(last.Cost);
        Assert.Contains("badge ok", updates[^1].FormattedValues.Single(f => f.MimeType == "text/html").Value);
    }

    [Fact]
    public async Task stdout_and_stderr_keep_their_order_and_every_byte()
    {
        var result = await RunCellAsync("""
            import sys
            for i in range(200):
                print("o" + str(i), flush=True)
                if i % 50 == 0:
                    print("e" + str(i), file=sys.stderr, flush=True)
            """);
        result.Succeeded();
        Assert.Equal(string.Concat(Enumerable.Range(0, 200).Select(i => $"o{i}\n")), result.Stdout());
        Assert.Equal("e0\ne50\ne100\ne150\n", result.Stderr());
    }

    [Fact]
    public async Task output_beyond_the_cap_is_cut_with_a_note_naming_the_file_holding_the_whole_log()
    {
        (await _notebook.SubmitAsync("#!lyceum config --output-cap 4KB")).Succeeded();
        var result = await RunCellAsync("""
            for i in range(2000):
                print(f"{i:05d} " + "x" * 20)
            """);
        result.Succeeded();
        Assert.True(result.Stdout().Length <= 4096);
        var note = result.Stderr();
        Assert.Contains("cut here", note);
        var file = note[(note.IndexOf("is in ", StringComparison.Ordinal) + 6)..].Trim().TrimEnd(']');
        var log = await File.ReadAllTextAsync(file);
        Assert.Contains("01999 ", log);
        Assert.StartsWith("00000 ", log);
        Assert.Equal(file, Cards(result)[^1].LogFile);
        File.Delete(file);
    }

    [Fact]
    public async Task connect_lyceum_adds_a_kernel_with_its_own_defaults()
    {
        var connect = await _notebook.SubmitAsync("#!connect lyceum --kernel-name second --timeout 30");
        connect.Succeeded();
        var result = await RunCellAsync("print('from the second kernel')", kernel: "second");
        result.Succeeded();
        Assert.Equal("from the second kernel\n", result.Stdout());
        Assert.Contains("second", Cards(result)[0].What);
    }

    [Fact]
    public async Task per_cell_options_pick_the_machine_and_unknown_machines_fail_with_the_service_words()
    {
        var result = await _notebook.SubmitAsync("#!lyceum-python --machine gpu.h100 --timeout 20\nprint(1)");
        var failed = result.Failed();
        Assert.Contains("gpu.h100", failed.Message);
    }
}
