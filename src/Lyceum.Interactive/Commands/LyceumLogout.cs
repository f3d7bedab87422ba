using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum logout</c>: forgets the notebook's credential.</summary>
[Subcommand("logout", "Forget the notebook's credential")]
public sealed class LyceumLogout : LyceumSubcommand
{
    internal override Task RunAsync(SubcommandContext lyceum)
    {
        var was = lyceum.Connection.Forget();
        // The environment still holds a credential: say what it does from now on, instead of advising to set it.
        var detail = EnvironmentCredential.Variable is { } variable
            ? $"{variable} is still set: this notebook stays logged out until #!lyceum login (alone, it signs in with {variable} again); a notebook started with it set signs in on its own. Unset it to stay logged out everywhere."
            : "~/.lyceum/config.json, if you have one, is left as it is.";
        lyceum.Output.Show(new NoticeView(was ? "Logged out of Lyceum." : "Not logged in; nothing to forget.", detail));
        return Task.CompletedTask;
    }
}
