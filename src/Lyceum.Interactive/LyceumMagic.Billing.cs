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
        if (command.Limit is < 1 or > 500)
            throw new LyceumCommandException($"--limit {command.Limit} is out of range: give 1 to 500.");
        if (command.Offset < 0)
            throw new LyceumCommandException($"--offset {command.Offset} is negative: give 0 or more.");
        var history = await _connection.Require().Billing.GetHistoryAsync(command.Limit, command.Offset, context.CancellationToken).ConfigureAwait(false);
        LyceumCommands.Show(context, new HistoryView(history));
    }
}
