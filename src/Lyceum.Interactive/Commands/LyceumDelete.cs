using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum delete KEY</c>: deletes a stored file, or with --folder everything under a prefix.</summary>
[Subcommand("delete", "Delete a file from storage (--folder: everything under a prefix)", Usage = "KEY [--folder]", NotFoundHint = ServiceWords.FilesHint)]
public sealed class LyceumDelete : LyceumSubcommand
{
    /// <summary>The storage key or prefix.</summary>
    [Option("The storage key (or prefix with --folder)", Implicit = true, Values = OptionValues.StorageKeys)]
    public string? Key { get; set; }

    /// <summary>--folder: delete every file under KEY as a prefix.</summary>
    [Option("Delete every file under the key as a prefix")]
    public bool Folder { get; set; }

    internal override string? NotFound => Folder ? $"There are no files under '{Key?.Trim()}' in your storage." : ServiceWords.NoFile(Key?.Trim() ?? "");

    internal override async Task RunAsync(SubcommandContext lyceum)
    {
        var storage = lyceum.Connection.Require().Storage;
        var key = Required(Key);
        if (Folder)
        {
            // The service refuses an empty prefix with a bare HTTP 400; say why here instead.
            if (key.Trim('/').Length == 0)
                throw new LyceumCommandException($"--folder needs a prefix such as results/2025/, not '{key}': deleting the whole storage at once is not possible. #!lyceum files lists your keys.");
            await storage.DeleteFolderAsync(key, lyceum.CancellationToken).ConfigureAwait(false);
            lyceum.Output.Show(new NoticeView($"Deleted everything under {key}."));
        }
        else
        {
            await storage.DeleteAsync(key, lyceum.CancellationToken).ConfigureAwait(false);
            lyceum.Output.Show(new NoticeView($"Deleted {key}."));
        }
        lyceum.Connection.StorageChanged();
    }
}
