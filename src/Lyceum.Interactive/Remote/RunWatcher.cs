using System.Threading.Channels;
using Lyceum.Client;
using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Remote;

/// <summary>Follows one run's output stream into a cell: text through the <see cref="OutputRelay"/>, prelude frames
/// (when the run has a <see cref="FrameDecoder"/>) to a callback in order with the text, states onto the card.</summary>
internal sealed class RunWatcher
{
    private readonly OutputRelay _relay;
    private readonly RunCardDisplay _card;
    private readonly FrameDecoder? _decoder;
    private readonly Action<RemoteFrame> _onFrame;

    public RunWatcher(OutputRelay relay, RunCardDisplay card, FrameDecoder? decoder, Action<RemoteFrame> onFrame)
    {
        (_relay, _card, _decoder, _onFrame) = (relay, card, decoder, onFrame);
    }

    /// <summary>Streams until the run ends and returns how it ended.</summary>
    public async Task<ExecutionFinished> WatchAsync(IAsyncEnumerable<ExecutionEvent> events, CancellationToken cancellationToken)
    {
        // The stream is read on its own task so that batched text is published when the window passes even while the
        // run is silent; all publishing happens here, on the handler's flow, so events keep their order.
        var channel = Channel.CreateUnbounded<ExecutionEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var reading = ReadAsync(events, channel.Writer, cancellationToken);
        var reader = channel.Reader;
        var waiting = reader.WaitToReadAsync(cancellationToken).AsTask();
        while (true)
        {
            if (_relay.HasPending && !waiting.IsCompleted)
            {
                var due = _relay.DueIn;
                if (due > TimeSpan.Zero && await Task.WhenAny(waiting, Task.Delay(due, cancellationToken)).ConfigureAwait(false) != waiting)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    _relay.Flush();
                    _card.Tick();
                    continue;
                }
                if (due <= TimeSpan.Zero)
                {
                    _relay.Flush();
                    continue;
                }
            }
            if (!await waiting.ConfigureAwait(false))
                break;
            while (reader.TryRead(out var e))
            {
                if (Handle(e) is { } finished)
                {
                    await reading.ConfigureAwait(false);
                    return finished;
                }
            }
            _card.Tick();
            waiting = reader.WaitToReadAsync(cancellationToken).AsTask();
        }
        await reading.ConfigureAwait(false);
        Finish();
        throw new LyceumCommandException("The run's output stream ended without saying how the run ended; check it with #!lyceum runs or #!lyceum history.");
    }

    private ExecutionFinished? Handle(ExecutionEvent e)
    {
        // Not every service reports "running"; output proves it.
        if (e is ExecutionOutput && _card.Card.State is ExecutionStates.Pending or ExecutionStates.Queued or ExecutionStates.Starting or "starting")
            _card.Show(c => c with { State = ExecutionStates.Running });
        switch (e)
        {
            case ExecutionOutput { Stream: OutputStreamKind.Stdout } output when _decoder is not null:
                Deliver(_decoder.Feed(output.Text));
                break;
            case ExecutionOutput output:
                _relay.Append(output.Stream, output.Text);
                break;
            case ExecutionStatusChanged status:
                _card.Show(c => c with { State = status.Status });
                break;
            case ExecutionFinished finished:
                Finish();
                return finished;
        }
        return null;
    }

    private void Finish()
    {
        if (_decoder is not null)
            Deliver(_decoder.Flush());
        _relay.Flush();
    }

    private void Deliver(IReadOnlyList<StdoutPiece> pieces)
    {
        foreach (var piece in pieces)
        {
            switch (piece)
            {
                case TextPiece text:
                    _relay.Append(OutputStreamKind.Stdout, text.Text);
                    break;
                case FramePiece frame:
                    _relay.Flush();
                    RemoteFrame? typed;
                    try
                    {
                        typed = RemoteFrame.From(frame);
                    }
                    catch (FormatException error)
                    {
                        _relay.Append(OutputStreamKind.Stderr, $"[lyceum: {error.Message}]\n");
                        break;
                    }
                    if (typed is not null)
                        _onFrame(typed);
                    break;
            }
        }
    }

    private static async Task ReadAsync(IAsyncEnumerable<ExecutionEvent> events, ChannelWriter<ExecutionEvent> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(e, cancellationToken).ConfigureAwait(false);
                if (e is ExecutionFinished)
                    break;
            }
            writer.TryComplete();
        }
        catch (Exception error)
        {
            writer.TryComplete(error);
        }
    }
}
