using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum credits</c>: the account's credits.</summary>
[Subcommand("credits", "Your credits: remaining, free, purchased, used")]
public sealed class LyceumCredits : LyceumSubcommand
{
    internal override async Task RunAsync(SubcommandContext lyceum)
    {
        var balance = await lyceum.Connection.Require().Billing.GetCreditsAsync(lyceum.CancellationToken).ConfigureAwait(false);
        lyceum.Output.Show(new CreditsView(balance));
    }
}
