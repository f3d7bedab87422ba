using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum files</c>: the files in storage.</summary>
[Subcommand("files", "The files in your storage")]
public sealed class LyceumFiles : LyceumSubcommand
{
    /// <summary>--prefix: only keys starting with this.</summary>
    [Option("Only keys that start with this", Values = OptionValues.StorageKeys)]
    public string? Prefix { get; set; }

    internal override async Task RunAsync(SubcommandContext lyceum)
    {
        var files = await lyceum.Connection.Require().Storage.ListAsync(Prefix, cancellationToken: lyceum.CancellationToken).ConfigureAwait(false);
        lyceum.Output.Show(new FileListView(Prefix, files));
    }
}
