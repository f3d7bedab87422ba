using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum keys</c>: lists API keys; creates, deletes or turns one on/off.</summary>
[Subcommand("keys", "List your API keys; create, delete or turn one on or off", NotFoundHint = "#!lyceum keys lists your keys with their ids.")]
public sealed class LyceumKeys : LyceumSubcommand
{
    /// <summary>--create: the name of a new key (its secret is shown once).</summary>
    [Option("Create a key with this name (its secret is shown once)")]
    public string? Create { get; set; }

    /// <summary>--delete: the id of a key to delete.</summary>
    [Option("Delete the key with this id")]
    public string? Delete { get; set; }

    /// <summary>--toggle: the id of a key to turn on or off.</summary>
    [Option("Turn the key with this id on or off")]
    public string? Toggle { get; set; }

    internal override string? NotFound => (Delete ?? Toggle) is { } id ? $"There is no API key with id '{id.Trim()}'." : null;

    internal override async Task RunAsync(SubcommandContext lyceum)
    {
        var auth = lyceum.Connection.Require().Auth;
        var ct = lyceum.CancellationToken;
        if (new[] { Create, Delete, Toggle }.Count(v => v is not null) > 1)
            throw new LyceumCommandException("Give one of --create, --delete and --toggle at a time.");
        if (Create is { } name)
        {
            if (string.IsNullOrWhiteSpace(name))
                throw new LyceumCommandException("Give the new key a name: #!lyceum keys --create NAME, e.g. --create ci-pipeline.");
            var created = await auth.CreateApiKeyAsync(name, cancellationToken: ct).ConfigureAwait(false);
            lyceum.Output.Show(new NewApiKeyView(created));
            return;
        }
        if (Delete is { } deleteId)
        {
            await auth.DeleteApiKeyAsync(deleteId, ct).ConfigureAwait(false);
            lyceum.Output.Show(new NoticeView($"Deleted API key {deleteId}."));
        }
        else if (Toggle is { } toggleId)
        {
            var key = await auth.ToggleApiKeyAsync(toggleId, ct).ConfigureAwait(false);
            lyceum.Output.Show(new NoticeView($"API key {key.KeyName} ({key.KeyPrefix}…) is now {(key.IsActive ? "on" : "off")}."));
        }
        lyceum.Output.Show(new ApiKeyListView(await auth.ListApiKeysAsync(ct).ConfigureAwait(false)));
    }
}
