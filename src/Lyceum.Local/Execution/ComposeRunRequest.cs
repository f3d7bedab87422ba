namespace Lyceum.Local.Execution;

/// <summary>A validated compose run: the compose file's text, where it is written, and whether storage is mounted at /mnt/s3.</summary>
internal sealed record ComposeRunRequest(string ComposeFile, string FileName, bool MountStorage);
