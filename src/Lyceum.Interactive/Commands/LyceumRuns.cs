using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum runs</c>: the account's live runs.</summary>
[Subcommand("runs", "Your live runs")]
public sealed class LyceumRuns : LyceumSubcommand
{
    internal override async Task RunAsync(SubcommandContext lyceum)
    {
        var runs = await lyceum.Connection.Require().Executions.ListWorkloadsAsync(lyceum.CancellationToken).ConfigureAwait(false);
        lyceum.Output.Show(new WorkloadListView(runs));
    }
}
