using Lyceum.Client;
using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Commands;

/// <summary>An upload's or download's progress: one display, produced at the start and updated in place (at most ~10
/// times a second), ending with the final state.</summary>
internal sealed class TransferDisplay : IProgress<TransferProgress>
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

    private readonly CommandOutput _output;
    private readonly string _displayId;
    private readonly TimeProvider _time;
    private long _updatedAt;
    private readonly object _gate = new();
    private TransferView _view;
    private bool _done;

    public TransferDisplay(CommandOutput output, TransferView start, TimeProvider time)
    {
        (_output, _view, _time) = (output, start, time);
        _updatedAt = time.GetTimestamp();
        _displayId = output.ShowLive(_view);
    }

    public void Report(TransferProgress value)
    {
        lock (_gate)
        {
            // The switch to S3 multipart is shown at once, however soon after the last update it comes.
            if (_done || (_time.GetElapsedTime(_updatedAt) < MinInterval && value.Parts == _view.Parts))
                return;
            Update(_view with { Bytes = value.BytesTransferred, Total = value.TotalBytes ?? _view.Total, Parts = value.Parts, PartsDone = value.PartsDone });
        }
    }

    /// <summary>The final state; later progress reports are ignored.</summary>
    public void Complete(string verb, long bytes)
    {
        lock (_gate)
        {
            _done = true;
            Update(_view with { Verb = verb, Bytes = bytes, Total = bytes, PartsDone = _view.Parts ?? 0 });
        }
    }

    /// <summary>The transfer did not finish: the display stops saying it is still going (the cell's error says why).</summary>
    public void Fail(string verb)
    {
        lock (_gate)
        {
            _done = true;
            Update(_view with { Verb = verb });
        }
    }

    /// <summary>Runs the transfer; when it throws, the display says it failed before the error ends the cell.</summary>
    public async Task<T> RunAsync<T>(Task<T> transfer, string failedVerb)
    {
        try
        {
            return await transfer.ConfigureAwait(false);
        }
        catch
        {
            Fail(failedVerb);
            throw;
        }
    }

    private void Update(TransferView view)
    {
        _view = view;
        _updatedAt = _time.GetTimestamp();
        _output.Update(_displayId, view);
    }
}
