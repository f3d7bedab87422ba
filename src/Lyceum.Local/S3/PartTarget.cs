namespace Lyceum.Local.S3;

/// <summary>
/// Where one UploadPart writes: its slot in the upload's data file (<see cref="DataOffset"/>, at most
/// <see cref="Limit"/> bytes), or a file of its own (<see cref="OwnFile"/>). Disposing closes the stream, deletes an own
/// file that was not kept, and frees the slot for the next attempt.
/// </summary>
internal sealed class PartTarget(Stream stream, long? dataOffset, long? limit, string? ownFile, Action release) : IAsyncDisposable
{
    public Stream Stream { get; } = stream;

    public long? DataOffset { get; } = dataOffset;

    public long? Limit { get; } = limit;

    public string? OwnFile { get; } = ownFile;

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        if (OwnFile is not null)
            File.Delete(OwnFile);
        release();
    }
}
