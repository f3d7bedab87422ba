using Lyceum.Interactive.Commands;
using Lyceum.Interactive.Formatting;
using Microsoft.DotNet.Interactive;

namespace Lyceum.Interactive;

/// <summary>credits, history.</summary>
internal sealed partial class LyceumMagic
{
    private async Task CreditsAsync(LyceumCredits command, KernelInvocationContext context)
    {
        var balance = await _connection.Require().Billing.GetCreditsAsync(context.CancellationToken).ConfigureAwait(false);
        LyceumCommands.Show(context, new CreditsView(balance));
    }

    private async Task HistoryAsync(LyceumHistory command, KernelInvocationContext context)
    {
        var limit = command.Limit is { } l ? LyceumCommands.ParseWhole(l, "--limit", "1 to 500") : 20;
        if (limit is < 1 or > 500)
            throw new LyceumCommandException($"--limit {limit} is out of range: give 1 to 500.");
        var offset = command.Offset is { } o ? LyceumCommands.ParseWhole(o, "--offset", "0 or more") : 0;
        if (offset < 0)
            throw new LyceumCommandException($"--offset {offset} is negative: give 0 or more.");
        var history = await _connection.Require().Billing.GetHistoryAsync(limit, offset, context.CancellationToken).ConfigureAwait(false);
        LyceumCommands.Show(context, new HistoryView(history));
    }
}
