namespace Lyceum.Client.Storage;

/// <summary>Reports transfer progress at most once per mebibyte (and always at the end), so a 1 GiB transfer
/// does not flood a UI with a report per buffer.</summary>
internal sealed class ProgressReporter(IProgress<TransferProgress>? progress, long? total)
{
    private const long Step = 1024 * 1024;
    private long _done;
    private long _reported = -1;

    public long? Total { get; set; } = total;

    /// <summary>The transfer's S3 multipart parts, once it goes over S3.</summary>
    public int? Parts { get; private set; }

    public int PartsDone { get; private set; }

    /// <summary>The transfer goes over S3 in this many parts: said at once, before the first byte.</summary>
    public void BeginParts(int parts)
    {
        (Parts, PartsDone) = (parts, 0);
        if (progress is not null)
            Report();
    }

    /// <summary>One more part is finished.</summary>
    public void PartDone()
    {
        PartsDone++;
        if (progress is not null)
            Report();
    }

    public void Restart()
    {
        _done = 0;
        _reported = -1;
    }

    public void Advance(long bytes)
    {
        _done += bytes;
        if (progress is not null && _done - _reported >= Step)
            Report();
    }

    public void Complete()
    {
        if (progress is not null && _reported != _done)
            Report();
    }

    private void Report()
    {
        _reported = _done;
        progress!.Report(new TransferProgress(_done, Total) { Parts = Parts, PartsDone = PartsDone });
    }
}
