using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum upload PATH</c>: uploads a local file to storage.</summary>
[Subcommand("upload", "Upload a local file to storage", Usage = "PATH [--key KEY]")]
public sealed class LyceumUpload : LyceumSubcommand
{
    /// <summary>The local file.</summary>
    [Option("The local file", Implicit = true, TypeHint = "file")]
    public string? Path { get; set; }

    /// <summary>--key: the storage key (default: the file's name).</summary>
    [Option("The storage key (default: the file's name)")]
    public string? Key { get; set; }

    internal override async Task RunAsync(SubcommandContext lyceum)
    {
        var storage = lyceum.Connection.Require().Storage;
        var path = System.IO.Path.GetFullPath(Required(Path));
        if (Directory.Exists(path))
            throw new LyceumCommandException($"{path} is a folder; #!lyceum upload takes one file at a time, e.g. #!lyceum upload {System.IO.Path.Combine(path, "data.csv")}.");
        if (!File.Exists(path))
            throw new LyceumCommandException($"There is no file {path} to upload; give the path of a local file.");
        var key = Key ?? System.IO.Path.GetFileName(path);
        var progress = new TransferDisplay(lyceum.Output, new TransferView("Uploading", path, key, 0, new FileInfo(path).Length), lyceum.Connection.Time);
        var stored = await progress.RunAsync(storage.UploadAsync(path, key, progress, lyceum.CancellationToken), "Upload failed:").ConfigureAwait(false);
        progress.Complete("Uploaded", stored.Size);
        lyceum.Connection.StorageChanged();
    }
}
