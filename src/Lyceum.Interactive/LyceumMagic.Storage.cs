using Lyceum.Interactive.Commands;
using Lyceum.Interactive.Formatting;
using Microsoft.DotNet.Interactive;

namespace Lyceum.Interactive;

/// <summary>files, upload, download, delete.</summary>
internal sealed partial class LyceumMagic
{
    private async Task FilesAsync(LyceumFiles command, KernelInvocationContext context)
    {
        var files = await _connection.Require().Storage.ListAsync(command.Prefix, cancellationToken: context.CancellationToken).ConfigureAwait(false);
        LyceumCommands.Show(context, new FileListView(command.Prefix, files));
    }

    private async Task UploadAsync(LyceumUpload command, KernelInvocationContext context)
    {
        var storage = _connection.Require().Storage;
        var path = Path.GetFullPath(Required(command.Path, "#!lyceum upload PATH [--key KEY]"));
        if (Directory.Exists(path))
            throw new LyceumCommandException($"{path} is a folder; #!lyceum upload takes one file at a time, e.g. #!lyceum upload {Path.Combine(path, "data.csv")}.");
        if (!File.Exists(path))
            throw new LyceumCommandException($"There is no file {path} to upload; give the path of a local file.");
        var key = command.Key ?? Path.GetFileName(path);
        var progress = new TransferDisplay(context, new TransferView("Uploading", path, key, 0, new FileInfo(path).Length), _connection.Time);
        var stored = await progress.RunAsync(storage.UploadAsync(path, key, progress, context.CancellationToken), "Upload failed:").ConfigureAwait(false);
        progress.Complete("Uploaded", stored.Size);
        _connection.StorageChanged();
    }

    private async Task DownloadAsync(LyceumDownload command, KernelInvocationContext context)
    {
        var storage = _connection.Require().Storage;
        var key = Required(command.Key, "#!lyceum download KEY [--to PATH]");
        var destination = Path.GetFullPath(command.To ?? Path.GetFileName(key.TrimEnd('/')));
        // --to models/ names a folder even before it exists: the file goes inside it (the folder is created).
        if (Directory.Exists(destination) || Path.EndsInDirectorySeparator(destination))
            destination = Path.Combine(destination, Path.GetFileName(key.TrimEnd('/')));
        var progress = new TransferDisplay(context, new TransferView("Downloading", key, destination, 0, null), _connection.Time);
        var stored = await progress.RunAsync(storage.DownloadAsync(key, destination, progress, context.CancellationToken), "Download failed:").ConfigureAwait(false);
        progress.Complete("Downloaded", new FileInfo(destination).Exists ? new FileInfo(destination).Length : stored.Size);
    }

    private async Task DeleteAsync(LyceumDelete command, KernelInvocationContext context)
    {
        var storage = _connection.Require().Storage;
        var key = Required(command.Key, "#!lyceum delete KEY [--folder]");
        if (command.Folder)
        {
            // The service refuses an empty prefix with a bare HTTP 400; say why here instead.
            if (key.Trim('/').Length == 0)
                throw new LyceumCommandException($"--folder needs a prefix such as results/2025/, not '{key}': deleting the whole storage at once is not possible. #!lyceum files lists your keys.");
            await storage.DeleteFolderAsync(key, context.CancellationToken).ConfigureAwait(false);
            LyceumCommands.Show(context, new NoticeView($"Deleted everything under {key}."));
        }
        else
        {
            await storage.DeleteAsync(key, context.CancellationToken).ConfigureAwait(false);
            LyceumCommands.Show(context, new NoticeView($"Deleted {key}."));
        }
        _connection.StorageChanged();
    }

    private static string Required(string? value, string usage) =>
        string.IsNullOrWhiteSpace(value) ? throw new LyceumCommandException($"Missing argument: {usage}") : value.Trim();
}
