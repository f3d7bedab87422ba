using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Lyceum.Client.Http;

namespace Lyceum.Client.Streaming;

/// <summary>Reads one run's output stream. When it breaks before the finished message it reopens it with
/// <c>?after=&lt;last seq&gt;</c> (backoff, bounded attempts) and drops repeats; when the server cannot resume
/// (404, or no <c>seq</c>) it polls the status endpoint for the end. The caller sees each fragment once and exactly
/// one <see cref="ExecutionFinished"/>, or a <see cref="LyceumStreamException"/> saying what was lost.</summary>
internal sealed class ExecutionStreamReader(LyceumPipeline pipeline, ExecutionsClient executions, string executionId, Uri streamingUrl, StreamOptions options)
{
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(10);

    private long _lastSeq = options.After;
    private bool _sawSeq;
    private bool _gap;
    private int _delivered;
    private long _deliveredChars;

    public async IAsyncEnumerable<ExecutionEvent> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connector = new StreamConnector(pipeline);
        var failures = 0;
        Exception? lastError = null;
        var resumed = false;
        while (true)
        {
            var canResume = false;
            StreamConnector.Connection? connection = null;
            try
            {
                connection = await connector.OpenAsync(streamingUrl, _lastSeq, cancellationToken).ConfigureAwait(false);
            }
            catch (LyceumApiException e) when (e.StatusCode == 404)
            {
                lastError = e;
            }
            catch (Exception e) when (IsBreak(e, cancellationToken))
            {
                lastError = e;
                canResume = true;
            }

            if (connection is not null)
            {
                using (connection)
                {
                    await using var messages = connection.Messages.GetAsyncEnumerator(cancellationToken);
                    var progressed = false;
                    while (true)
                    {
                        StreamMessage message;
                        try
                        {
                            if (!await messages.MoveNextAsync().ConfigureAwait(false))
                            {
                                lastError = null;
                                break;
                            }

                            message = messages.Current;
                        }
                        catch (Exception e) when (IsBreak(e, cancellationToken))
                        {
                            lastError = e;
                            break;
                        }

                        if (message.Seq is { } seq)
                        {
                            _sawSeq = true;
                            if (seq <= _lastSeq)
                                continue;
                            if (resumed && !progressed && seq > _lastSeq + 1)
                                _gap = true; // the server resumed later than asked: seq _lastSeq+1 .. seq-1 never arrive
                            _lastSeq = seq;
                        }
                        else if (resumed && message.Event is ExecutionOutput && _delivered > 0)
                        {
                            // The server replays without sequence numbers: repeats cannot be told apart, so stop reading it.
                            lastError = null;
                            goto Poll;
                        }

                        // Only something new counts as progress: a server that replays and drops forever must run out of attempts.
                        if (!progressed)
                        {
                            progressed = true;
                            failures = 0;
                        }

                        if (message.Event is ExecutionOutput output)
                        {
                            _delivered++;
                            _deliveredChars += output.Text.Length;
                        }

                        if (message.Event is ExecutionFinished finished)
                        {
                            yield return _gap ? finished with { OutputMayBeIncomplete = true } : finished;
                            yield break;
                        }

                        yield return message.Event;
                    }

                    // A clean end without seq is a server that cannot resume; a break before anything arrived can be retried.
                    canResume = _sawSeq || (lastError is not null && _delivered == 0);
                }
            }

            if (canResume && failures < options.MaxReconnects)
            {
                failures++;
                resumed = true;
                var delay = TimeSpan.FromTicks(Math.Min(options.ReconnectDelay.Ticks * (1L << Math.Min(failures - 1, 20)), MaxReconnectDelay.Ticks));
                await Task.Delay(delay, pipeline.Time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            break;
        }

    Poll:
        await foreach (var e in PollForEndAsync(lastError, cancellationToken).ConfigureAwait(false))
            yield return e;
    }

    private async IAsyncEnumerable<ExecutionEvent> PollForEndAsync(Exception? streamError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = pipeline.Time.GetTimestamp();
        string? lastStatus = null;
        ExecutionStatus status;
        while (true)
        {
            try
            {
                status = await executions.GetStatusAsync(executionId, cancellationToken).ConfigureAwait(false);
            }
            catch (LyceumException e) when (e is LyceumApiException or LyceumTransportException)
            {
                throw Lost($"and its status could not be read ({e.Message})", e);
            }

            if (status.IsTerminal)
                break;
            if (status.Status != lastStatus)
            {
                lastStatus = status.Status;
                yield return new ExecutionStatusChanged(status.Status);
            }

            if (pipeline.Time.GetElapsedTime(started) >= options.StatusPollTimeout)
                throw Lost($"and the status endpoint reported no end within {options.StatusPollTimeout.TotalSeconds:0.#} s (last status: {status.Status}); the run may still be going", streamError);
            await Task.Delay(options.StatusPollInterval, pipeline.Time, cancellationToken).ConfigureAwait(false);
        }

        var complete = false;
        string? rest = null;
        try
        {
            // The run's record may hold the whole output: hand over whatever the stream did not deliver.
            var record = await executions.GetAsync(executionId, cancellationToken).ConfigureAwait(false);
            if (record.Output is { } text)
            {
                complete = true;
                if (text.Length > _deliveredChars)
                    rest = text[(int)Math.Min(_deliveredChars, int.MaxValue)..];
            }
        }
        catch (LyceumException e) when (e is LyceumApiException or LyceumTransportException)
        {
            // No record to recover from; the finished event says the output may be incomplete.
        }

        if (rest is not null)
            yield return new ExecutionOutput(rest, OutputStreamKind.Stdout, null, null);
        yield return new ExecutionFinished(status.Status, status.ReturnCode, status.Errors,
            status.ExecutionTime is { } s ? TimeSpan.FromSeconds(s) : null)
        {
            OutputMayBeIncomplete = _gap || (!complete && streamError is not null),
        };
    }

    private LyceumStreamException Lost(string why, Exception? inner) => new(executionId, _lastSeq, _delivered,
        $"The output stream of run {executionId} broke after {_delivered} output fragment(s)"
        + (_sawSeq ? $" (last seq {_lastSeq})" : "")
        + $" and could not be resumed, {why}. Output after that point is lost; Executions.GetStatusAsync(\"{executionId}\") tells how the run ends.",
        inner);

    private static bool IsBreak(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && e is IOException or HttpRequestException or WebSocketException or TimeoutException or LyceumTransportException or LyceumApiException { StatusCode: >= 500 or 0 }
            or OperationCanceledException;
}
