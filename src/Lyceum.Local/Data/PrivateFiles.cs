namespace Lyceum.Local.Data;

/// <summary>
/// The data dir belongs to the user who runs Lyceum Local: folders are made 0700 and files 0600 (the database and its
/// -wal/-shm, uploaded files, run logs, the signing key), and a data dir from an older version is tightened at start.
/// </summary>
internal static class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder (and missing parents) readable by the owner only.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows() || Directory.Exists(path))
        {
            Directory.CreateDirectory(path);
            return;
        }
        // The mode given to CreateDirectory applies to the last folder only; missing parents are made one by one.
        var parent = Path.GetDirectoryName(Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar));
        if (parent is not null && !Directory.Exists(parent))
            CreateFolder(parent);
        Directory.CreateDirectory(path, FolderMode);
    }

    /// <summary>Opens a file, creating it readable by the owner only when it is new.</summary>
    public static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share = FileShare.None, int bufferSize = 4096, bool useAsync = false)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize, Options = useAsync ? FileOptions.Asynchronous : FileOptions.None };
        if (!OperatingSystem.IsWindows() && mode is not (System.IO.FileMode.Open or System.IO.FileMode.Truncate))
            options.UnixCreateMode = FileMode;
        return new FileStream(path, options);
    }

    /// <summary>Makes an empty file readable by the owner only if it does not exist (SQLite then gives -wal and -shm the same mode).</summary>
    public static void Touch(string path)
    {
        using var _ = Open(path, System.IO.FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
    }

    /// <summary>Takes group and other access away from the folder and everything in it (the folders given recursively).</summary>
    public static void Tighten(string dataDirectory, params string[] recursive)
    {
        if (OperatingSystem.IsWindows())
            return;
        Restrict(new DirectoryInfo(dataDirectory));
        foreach (var entry in new DirectoryInfo(dataDirectory).EnumerateFileSystemInfos())
            Restrict(entry);
        foreach (var folder in recursive.Select(f => new DirectoryInfo(Path.Combine(dataDirectory, f))).Where(d => d.Exists))
            foreach (var entry in folder.EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
                Restrict(entry);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Restrict(FileSystemInfo entry)
    {
        if (entry.LinkTarget is not null)
            return;
        var wanted = entry.UnixFileMode & ~(UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        if (wanted != entry.UnixFileMode)
            entry.UnixFileMode = wanted;
    }
}
