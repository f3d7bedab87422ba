namespace Lyceum.Client.Storage;

/// <summary>Reports transfer progress at most once per mebibyte (and always at the end), so a 1 GiB transfer
/// does not flood a UI with a report per buffer.</summary>
internal sealed class ProgressReporter(IProgress<TransferProgress>? progress, long? total)
{
    private const long Step = 1024 * 1024;
    private long _done;
    private long _reported = -1;

    public long? Total { get; set; } = total;

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
        progress!.Report(new TransferProgress(_done, Total));
    }
}
