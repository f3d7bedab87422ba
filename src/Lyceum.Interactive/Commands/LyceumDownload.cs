using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum download KEY</c>: downloads a stored file.</summary>
[Subcommand("download", "Download a file from storage", Usage = "KEY [--to PATH]", NotFoundHint = ServiceWords.FilesHint)]
public sealed class LyceumDownload : LyceumSubcommand
{
    /// <summary>The storage key.</summary>
    [Option("The storage key", Implicit = true, Values = OptionValues.StorageKeys)]
    public string? Key { get; set; }

    /// <summary>--to: the local path (default: the key's file name in the current folder).</summary>
    [Option("The local path (default: the key's file name here)", TypeHint = "file")]
    public string? To { get; set; }

    internal override string? NotFound => ServiceWords.NoFile(Key?.Trim() ?? "");

    internal override async Task RunAsync(SubcommandContext lyceum)
    {
        var storage = lyceum.Connection.Require().Storage;
        var key = Required(Key);
        var destination = Path.GetFullPath(To ?? Path.GetFileName(key.TrimEnd('/')));
        // --to models/ names a folder even before it exists: the file goes inside it (the folder is created).
        if (Directory.Exists(destination) || Path.EndsInDirectorySeparator(destination))
            destination = Path.Combine(destination, Path.GetFileName(key.TrimEnd('/')));
        var progress = new TransferDisplay(lyceum.Output, new TransferView("Downloading", key, destination, 0, null), lyceum.Connection.Time);
        var stored = await progress.RunAsync(storage.DownloadAsync(key, destination, progress, lyceum.CancellationToken), "Download failed:").ConfigureAwait(false);
        progress.Complete("Downloaded", new FileInfo(destination).Exists ? new FileInfo(destination).Length : stored.Size);
    }
}
