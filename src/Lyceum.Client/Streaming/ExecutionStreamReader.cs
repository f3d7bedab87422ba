using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Lyceum.Client.Http;

namespace Lyceum.Client.Streaming;

/// <summary>Reads one run's output stream and keeps it flowing for as long as the run lives. A connection that breaks,
/// or that falls silent while the run has moved on (<see cref="SilenceWatch"/>), is reopened with
/// <c>?after=&lt;last seq&gt;</c> under capped, jittered backoff, announced by <see cref="ExecutionReconnecting"/> and
/// <see cref="ExecutionReconnected"/>; repeats are dropped by <c>seq</c>. When the service cannot resume (no <c>seq</c>,
/// or the stream is gone) the end is learned from the status and the rest of the output from the run's record, per
/// stream kind. It gives up only when the service no longer knows the run, after
/// <see cref="StreamOptions.MaxOfflineTime"/>, or when the caller cancels.</summary>
internal sealed class ExecutionStreamReader(LyceumPipeline pipeline, ExecutionsClient executions, string executionId, Uri streamingUrl, StreamOptions options)
{
    // Once the status says the run is over, a stream that still cannot be opened gets this many more tries before
    // the record is read instead.
    private const int AttemptsAfterTheEnd = 3;

    // However short the silence interval, an open or a status check gets at least this long to answer.
    private static readonly TimeSpan MinimumPatience = TimeSpan.FromSeconds(2);

    private readonly DeliveredOutput _delivered = new();
    private long _lastSeq = options.After;
    private bool _sawSeq;
    private bool _gap;
    private string? _lastStatus;

    private TimeProvider Time => pipeline.Time;

    private TimeSpan Patience => options.SilenceCheckInterval > MinimumPatience ? options.SilenceCheckInterval : MinimumPatience;

    public async IAsyncEnumerable<ExecutionEvent> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connector = new StreamConnector(pipeline, options);
        Outage? outage = null;
        // Attempts of the last outage, carried into the next one while a reopened stream brings nothing new, so a
        // server that accepts and drops at once still meets a growing backoff.
        var attemptsWithoutProgress = 0;
        var resumed = false;
        var attemptsAfterTheEnd = 0;
        long? lastStatusCheck = null;
        while (true)
        {
            var activity = new StreamActivity(Time);
            using var life = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var (connection, failure) = await OpenAsync(connector, activity, life, cancellationToken).ConfigureAwait(false);
            string reason;
            var broke = true;
            if (connection is null)
            {
                if (failure is LyceumApiException { StatusCode: 404 })
                {
                    // The stream is gone; the status says whether the run still is.
                    await CheckRunIsKnownAsync(cancellationToken).ConfigureAwait(false);
                    break;
                }

                reason = ReasonOf(failure);
                if (lastStatusCheck is null || Time.GetElapsedTime(lastStatusCheck.Value) >= options.SilenceCheckInterval)
                {
                    lastStatusCheck = Time.GetTimestamp();
                    var status = await CheckRunIsKnownAsync(cancellationToken).ConfigureAwait(false);
                    if (status?.IsTerminal == true)
                        attemptsAfterTheEnd++;
                }
                else if (attemptsAfterTheEnd > 0)
                {
                    attemptsAfterTheEnd++;
                }

                if (attemptsAfterTheEnd > AttemptsAfterTheEnd)
                    break;
            }
            else
            {
                using (connection)
                {
                    if (outage is not null)
                    {
                        yield return new ExecutionReconnected(outage.Attempts, Time.GetElapsedTime(outage.LostAt));
                        attemptsWithoutProgress = outage.Attempts;
                        outage = null;
                        attemptsAfterTheEnd = 0;
                    }

                    using var watchScope = new WatchScope();
                    var watch = WatchAsync(activity, life, watchScope.Token);
                    await using var messages = connection.Messages.GetAsyncEnumerator(life.Token);
                    var progressed = false;
                    var abandon = false;
                    while (true)
                    {
                        activity.BeginWait();
                        var (has, message, error) = await NextAsync(messages, cancellationToken).ConfigureAwait(false);
                        activity.EndWait();
                        if (!has)
                        {
                            broke = error is not null;
                            failure = error;
                            break;
                        }

                        var verdict = Accept(message, resumed, ref progressed);
                        if (verdict == Acceptance.Abandon)
                        {
                            abandon = true;
                            break;
                        }

                        if (verdict == Acceptance.Skip)
                            continue;
                        if (message.Event is ExecutionFinished finished)
                        {
                            yield return _gap ? finished with { OutputMayBeIncomplete = true } : finished;
                            yield break;
                        }

                        yield return message.Event;
                    }

                    watchScope.Stop();
                    var silence = await watch.ConfigureAwait(false);
                    if (silence?.RunGone is { } gone)
                        throw Lost("the service no longer knows the run", gone);
                    if (abandon)
                        break;

                    // Without seq nothing can be resumed once output has arrived: a repeat could not be told apart.
                    if (!_sawSeq && (!broke || _delivered.Fragments > 0))
                    {
                        await foreach (var e in PollForEndAsync(broke, cancellationToken).ConfigureAwait(false))
                            yield return e;
                        yield break;
                    }

                    reason = silence?.Reason ?? (broke ? ReasonOf(failure) : "the stream ended before the run did");
                    if (progressed)
                        attemptsWithoutProgress = 0;
                    outage = new Outage(activity.Last) { Attempts = attemptsWithoutProgress };
                }
            }

            outage ??= new Outage(Time.GetTimestamp());
            outage.Attempts++;
            var offline = Time.GetElapsedTime(outage.LostAt);
            if (options.MaxOfflineTime is { } most && offline >= most)
                throw Lost($"the stream stayed broken for {most.TotalSeconds:0.#} s (StreamOptions.MaxOfflineTime)", failure);
            var delay = ReconnectBackoff.Delay(options, outage.Attempts);
            yield return new ExecutionReconnecting(outage.Attempts, offline, delay, reason);
            await Task.Delay(delay, Time, cancellationToken).ConfigureAwait(false);
            resumed = true;
        }

        await foreach (var e in PollForEndAsync(broke: true, cancellationToken).ConfigureAwait(false))
            yield return e;
    }

    private enum Acceptance
    {
        Deliver,
        Skip,
        Abandon,
    }

    /// <summary>Decides what to do with a message: repeats (by seq) and unchanged statuses are skipped; output without
    /// seq on a resumed stream cannot be told from a repeat, so that stream is abandoned.</summary>
    private Acceptance Accept(StreamMessage message, bool resumed, ref bool progressed)
    {
        if (message.Seq is { } seq)
        {
            _sawSeq = true;
            // The finished message is never dropped: it is the one thing the caller must get.
            if (seq <= _lastSeq && message.Event is not ExecutionFinished)
                return Acceptance.Skip;
            if (resumed && !progressed && seq > _lastSeq + 1)
                _gap = true; // the server resumed later than asked: seq _lastSeq+1 .. seq-1 never arrive
            Volatile.Write(ref _lastSeq, Math.Max(seq, _lastSeq));
        }
        else if (resumed && message.Event is ExecutionOutput && _delivered.Fragments > 0)
        {
            return Acceptance.Abandon;
        }

        progressed = true;
        switch (message.Event)
        {
            case ExecutionStatusChanged changed when changed.Status == _lastStatus:
                return Acceptance.Skip;
            case ExecutionStatusChanged changed:
                _lastStatus = changed.Status;
                break;
            case ExecutionOutput output:
                _delivered.Add(output);
                break;
        }

        return Acceptance.Deliver;
    }

    /// <summary>Opens the stream, bounded by twice the silence interval (at least twice <see cref="MinimumPatience"/>):
    /// a connection that hangs before its first answer is as dead as one that falls silent later.</summary>
    private async Task<(StreamConnector.Connection? Connection, Exception? Failure)> OpenAsync(StreamConnector connector, StreamActivity activity,
        CancellationTokenSource connection, CancellationToken cancellationToken)
    {
        var bound = 2 * Patience;
        using var timer = Time.CreateTimer(static c => Cancel((CancellationTokenSource)c!), connection, bound, Timeout.InfiniteTimeSpan);
        try
        {
            return (await connector.OpenAsync(streamingUrl, Volatile.Read(ref _lastSeq), activity, connection.Token).ConfigureAwait(false), null);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, TransportFailures.Wrap(e, streamingUrl, bound));
        }
        catch (LyceumApiException e) when (e.StatusCode == 404)
        {
            return (null, e);
        }
        catch (Exception e) when (IsBreak(e, cancellationToken))
        {
            return (null, e);
        }
    }

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The reader was done with this connection at the same moment.
        }
    }

    private static async ValueTask<(bool Has, StreamMessage Message, Exception? Error)> NextAsync(IAsyncEnumerator<StreamMessage> messages,
        CancellationToken cancellationToken)
    {
        try
        {
            return await messages.MoveNextAsync().ConfigureAwait(false) ? (true, messages.Current, null) : (false, default, null);
        }
        catch (Exception e) when (IsBreak(e, cancellationToken))
        {
            return (false, default, e);
        }
    }

    /// <summary>Watches the connection; a verdict cancels it, so the pending read ends and the reader resumes.</summary>
    private async Task<SilenceWatch.Verdict?> WatchAsync(StreamActivity activity, CancellationTokenSource connection, CancellationToken stop)
    {
        var verdict = await SilenceWatch.WatchAsync(activity, options.SilenceCheckInterval, Time, CheckSilenceAsync, stop).ConfigureAwait(false);
        if (verdict is not null && !stop.IsCancellationRequested)
            Cancel(connection);
        return verdict;
    }

    /// <summary>What a silence means: nothing while the run is merely quiet; a verdict when the run has ended, has
    /// printed more than arrived, is gone, or the service cannot be asked (then the connection is likely dead too).</summary>
    private async Task<SilenceWatch.Verdict?> CheckSilenceAsync(CancellationToken stop)
    {
        var quiet = $"no data for {options.SilenceCheckInterval.TotalSeconds:0.#} s";
        var (status, error) = await StatusOnceAsync(stop).ConfigureAwait(false);
        if (error is LyceumApiException { StatusCode: 404 } gone)
            return new SilenceWatch.Verdict("the service no longer knows the run", gone);
        if (status is null)
            return new SilenceWatch.Verdict($"{quiet}, and the service could not be asked how the run is doing");
        if (status.IsTerminal)
            return new SilenceWatch.Verdict($"{quiet}, although the run has ended");
        if (status.LastSeq is { } last && last > Volatile.Read(ref _lastSeq))
            return new SilenceWatch.Verdict($"{quiet}, although the run has printed more");
        return null;
    }

    /// <summary>Asks the run's status once, without retries and bounded by the silence interval (at least
    /// <see cref="MinimumPatience"/>; the caller has its own schedule); returns the error instead of throwing, except
    /// for the caller's cancellation.</summary>
    private async Task<(ExecutionStatus? Status, LyceumException? Error)> StatusOnceAsync(CancellationToken cancellationToken)
    {
        using var bound = new CancellationTokenSource(Patience, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token);
        try
        {
            return (await executions.GetStatusOnceAsync(executionId, linked.Token).ConfigureAwait(false), null);
        }
        catch (LyceumException e)
        {
            return (null, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, TransportFailures.Wrap(e, pipeline.Endpoint, Patience));
        }
    }

    /// <summary>Throws the loss when the service says the run is gone (404); otherwise returns the status, if it could be read.</summary>
    private async Task<ExecutionStatus?> CheckRunIsKnownAsync(CancellationToken cancellationToken)
    {
        var (status, error) = await StatusOnceAsync(cancellationToken).ConfigureAwait(false);
        if (error is LyceumApiException { StatusCode: 404 } gone)
            throw Lost("the service no longer knows the run", gone);
        return status;
    }

    /// <summary>The end of a run whose stream cannot give it: polls the status until the run is over (as long as it
    /// lives, reconnecting through outages), then hands over what the record holds beyond what was delivered.</summary>
    private async IAsyncEnumerable<ExecutionEvent> PollForEndAsync(bool broke, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ExecutionStatus status;
        long? unreachableSince = null;
        var failures = 0;
        while (true)
        {
            var (read, error) = await StatusOnceAsync(cancellationToken).ConfigureAwait(false);
            if (error is LyceumApiException { StatusCode: 404 } gone)
                throw Lost("the service no longer knows the run", gone);
            if (error is LyceumApiException { IsTransient: false } refused)
                throw Lost("its status could not be read", refused);
            if (read is null)
            {
                unreachableSince ??= Time.GetTimestamp();
                if (options.MaxOfflineTime is { } most && Time.GetElapsedTime(unreachableSince.Value) >= most)
                    throw Lost($"the service could not be reached for {most.TotalSeconds:0.#} s (StreamOptions.MaxOfflineTime)", error);
                await Task.Delay(ReconnectBackoff.Delay(options, ++failures), Time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            unreachableSince = null;
            failures = 0;
            status = read;
            if (status.IsTerminal)
                break;
            if (status.Status != _lastStatus)
            {
                _lastStatus = status.Status;
                yield return new ExecutionStatusChanged(status.Status);
            }

            await Task.Delay(options.StatusPollInterval, Time, cancellationToken).ConfigureAwait(false);
        }

        ExecutionRecord? record = null;
        try
        {
            record = await executions.GetAsync(executionId, cancellationToken).ConfigureAwait(false);
        }
        catch (LyceumException)
        {
            // No record to recover from; the finished event says the output may be incomplete.
        }

        var (rest, complete) = _delivered.RestOf(record);
        foreach (var output in rest)
            yield return output;
        yield return new ExecutionFinished(status.Status, status.ReturnCode, status.Errors,
            status.ExecutionTime is { } s ? TimeSpan.FromSeconds(s) : null)
        {
            // A stream that simply ended (a server without resume) lost nothing; one that broke may have.
            OutputMayBeIncomplete = _gap || (!complete && broke),
        };
    }

    private LyceumStreamException Lost(string why, Exception? inner) => new(executionId, _lastSeq, _delivered.Fragments,
        $"The output stream of run {executionId} broke after {_delivered.Fragments} output fragment(s)"
        + (_sawSeq ? $" (last seq {_lastSeq})" : "")
        + $" and could not be resumed: {why}; output after that point is lost, and Executions.GetStatusAsync(\"{executionId}\") tells how the run ends.",
        inner);

    private static string ReasonOf(Exception? failure) => failure switch
    {
        null => "the connection broke",
        LyceumTimeoutException or TimeoutException => "the service did not answer in time",
        LyceumApiException api => $"the service answered {api.StatusCode}",
        LyceumTransportException { InnerException: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } }
            or HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
            or WebSocketException { InnerException: HttpRequestException } => "the service could not be reached",
        _ => "the connection broke",
    };

    private static bool IsBreak(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && e is IOException or HttpRequestException or WebSocketException or TimeoutException or LyceumTransportException
            or LyceumApiException { StatusCode: >= 500 or 0 } or OperationCanceledException;

    /// <summary>When the stream went down and how many reconnects this outage has taken.</summary>
    private sealed class Outage(long lostAt)
    {
        public long LostAt { get; } = lostAt;

        public int Attempts { get; set; }
    }

    /// <summary>Stops the silence watch when the connection is done with, also when the caller leaves early.</summary>
    private sealed class WatchScope : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        public CancellationToken Token => _stop.Token;

        public void Stop() => _stop.Cancel();

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}
