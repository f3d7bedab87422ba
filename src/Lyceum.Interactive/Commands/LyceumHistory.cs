using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum history</c>: past runs with their cost.</summary>
[Subcommand("history", "Past runs with status, machine, duration and cost")]
public sealed class LyceumHistory : LyceumSubcommand
{
    /// <summary>--limit: how many runs (1–500, default 20). Text, so a typo gets a clear message, not a JSON error.</summary>
    [Option("How many runs (1–500, default 20)")]
    public string? Limit { get; set; }

    /// <summary>--offset: how many of the newest runs to skip (default 0).</summary>
    [Option("How many of the newest runs to skip")]
    public string? Offset { get; set; }

    internal override async Task RunAsync(SubcommandContext lyceum)
    {
        var limit = Limit is { } l ? LyceumCommands.ParseWhole(l, "--limit", "1 to 500") : 20;
        if (limit is < 1 or > 500)
            throw new LyceumCommandException($"--limit {limit} is out of range: give 1 to 500.");
        var offset = Offset is { } o ? LyceumCommands.ParseWhole(o, "--offset", "0 or more") : 0;
        if (offset < 0)
            throw new LyceumCommandException($"--offset {offset} is negative: give 0 or more.");
        var history = await lyceum.Connection.Require().Billing.GetHistoryAsync(limit, offset, lyceum.CancellationToken).ConfigureAwait(false);
        lyceum.Output.Show(new HistoryView(history));
    }
}
