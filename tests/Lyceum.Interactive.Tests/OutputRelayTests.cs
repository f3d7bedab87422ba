using Lyceum.Client;
using Lyceum.Interactive.Remote;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Lyceum.Interactive.Tests;

public sealed class OutputRelayTests
{
    private const string Text = "line one\nline two é ü 😀\r\nthird\rfourth\n";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public async Task output_fed_in_any_chunk_size_arrives_whole_and_in_order_with_stderr_interleaved(int chunkSize)
    {
        var expected = new List<(bool Stderr, string Text)>();
        var (events, _) = await RelayAsync(1024 * 1024, relay =>
        {
            for (var round = 0; round < 3; round++)
            {
                foreach (var chunk in Chunks(Text, chunkSize))
                    relay.Append(OutputStreamKind.Stdout, chunk);
                relay.Append(OutputStreamKind.Stderr, $"warning {round}\n");
                expected.Add((false, Text));
                expected.Add((true, $"warning {round}\n"));
            }
        });

        Assert.Equal(Merge(expected), Merge(events));
    }

    [Fact]
    public async Task past_the_cap_the_cell_gets_a_note_and_the_log_file_gets_everything()
    {
        var (events, log) = await RelayAsync(2048, relay =>
        {
            for (var i = 0; i < 200; i++)
                relay.Append(OutputStreamKind.Stdout, $"{i:000} {new string('x', 30)}\n");
        });

        var shown = string.Concat(events.Where(e => !e.Stderr).Select(e => e.Text));
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(shown) <= 2048);
        var note = Assert.Single(events, e => e.Stderr).Text;
        Assert.Contains(log!, note);
        var whole = await File.ReadAllTextAsync(log!);
        Assert.StartsWith(shown, whole);
        Assert.EndsWith($"199 {new string('x', 30)}\n", whole);
        File.Delete(log!);
    }

    [Fact]
    public void output_waits_for_the_batching_window_then_goes_out_in_one_piece()
    {
        var time = new FakeTimeProvider();
        var sink = new RecordingSink();
        using var relay = new OutputRelay(sink, 1024 * 1024, "relay-test", time);

        relay.Append(OutputStreamKind.Stdout, "a\n");
        relay.Append(OutputStreamKind.Stdout, "b\n");
        Assert.Empty(sink.Outputs);
        Assert.Equal(OutputRelay.Window, relay.DueIn);

        time.Advance(OutputRelay.Window);
        relay.Append(OutputStreamKind.Stdout, "c\n");

        Assert.Equal([(false, "a\nb\nc\n")], sink.Outputs);
        Assert.False(relay.HasPending);
    }

    private static Task<(List<(bool Stderr, string Text)> Events, string? LogFile)> RelayAsync(long capBytes, Action<OutputRelay> feed)
    {
        var sink = new RecordingSink();
        using var relay = new OutputRelay(sink, capBytes, "relay-test", new FakeTimeProvider());
        feed(relay);
        relay.Flush();
        return Task.FromResult((sink.Outputs, relay.LogFile));
    }

    private static IEnumerable<string> Chunks(string text, int size)
    {
        for (var i = 0; i < text.Length; i += size)
            yield return text.Substring(i, Math.Min(size, text.Length - i));
    }

    // Consecutive pieces of one stream joined: what the cell shows, independent of batching.
    private static List<(bool, string)> Merge(IEnumerable<(bool Stderr, string Text)> pieces)
    {
        var merged = new List<(bool Stderr, string Text)>();
        foreach (var piece in pieces)
        {
            if (merged.Count > 0 && merged[^1].Stderr == piece.Stderr)
                merged[^1] = (piece.Stderr, merged[^1].Text + piece.Text);
            else
                merged.Add(piece);
        }
        return merged;
    }
}
