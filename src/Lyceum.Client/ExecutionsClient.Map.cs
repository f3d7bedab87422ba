using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Lyceum.Client;

// Many runs at once: bounded parallelism, events tagged by run, the rate limit checked before anything starts.
public sealed partial class ExecutionsClient
{
    private static readonly TimeSpan AbortBound = TimeSpan.FromSeconds(10);

    /// <summary>Runs every request, at most <see cref="MapOptions.MaxParallelism"/> at once, and streams their events
    /// tagged by run (see <see cref="MappedExecutionEvent"/>). A run that fails does not stop the others unless
    /// <see cref="MapOptions.FailFast"/>. Before anything starts, the number of requests is checked against the run starts
    /// the service's rate limit has left (<see cref="CheckRunAllowance"/>). Cancelling, or leaving the enumeration early,
    /// aborts every started run on the service before the enumeration ends.</summary>
    /// <exception cref="LyceumRunAllowanceException">More requests than run starts left; nothing was started.</exception>
    public IAsyncEnumerable<MappedExecutionEvent> MapAsync(IReadOnlyList<PythonRunRequest> requests, MapOptions? options = null,
        CancellationToken cancellationToken = default) =>
        Map(requests, StartPythonAsync, options, cancellationToken);

    /// <inheritdoc cref="MapAsync(IReadOnlyList{PythonRunRequest}, MapOptions?, CancellationToken)"/>
    public IAsyncEnumerable<MappedExecutionEvent> MapAsync(IReadOnlyList<ImageRunRequest> requests, MapOptions? options = null,
        CancellationToken cancellationToken = default) =>
        Map(requests, StartImageAsync, options, cancellationToken);

    /// <summary>The run starts the service's rate limit has left in its current window, as its last answer to a start
    /// reported them (a window whose reset time has passed counts as full again); null before the first start, when
    /// nothing is known.</summary>
    public RateLimitState? RunAllowance
    {
        get
        {
            if (_pipeline.RateLimits.Get("execution") is not { } state)
                return null;
            return state.Reset > DateTimeOffset.MinValue && state.Reset <= _pipeline.Time.GetUtcNow() ? state with { Remaining = state.Limit } : state;
        }
    }

    /// <summary>Throws when <paramref name="runs"/> starts are more than the rate limit has left (see <see cref="RunAllowance"/>);
    /// passes when nothing is known yet.</summary>
    /// <exception cref="LyceumRunAllowanceException">Not enough run starts left; the message gives the numbers.</exception>
    public void CheckRunAllowance(int runs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(runs);
        if (RunAllowance is { } allowance && runs > allowance.Remaining)
            throw new LyceumRunAllowanceException(runs, allowance);
    }

    /// <summary>Aborts a run, bounded in time, ignoring the answer: used when the caller has already given up on it.</summary>
    internal async Task AbortQuietlyAsync(string executionId)
    {
        using var abort = new CancellationTokenSource(AbortBound, _pipeline.Time);
        try
        {
            await AbortAsync(executionId, abort.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LyceumException or OperationCanceledException)
        {
            // Already finished or unreachable; the caller's own outcome is what matters.
        }
    }

    /// <summary>Aborts a run whose start the caller gave up on, as soon as its id is known (a start request cut short
    /// may still have started it on the service).</summary>
    internal async Task AbortOnceStartedAsync(Task<ExecutionStarted> starting)
    {
        try
        {
            var started = await starting.ConfigureAwait(false);
            await AbortQuietlyAsync(started.ExecutionId).ConfigureAwait(false);
        }
        catch (LyceumException)
        {
            // It never started: nothing to abort.
        }
    }

    private IAsyncEnumerable<MappedExecutionEvent> Map<TRequest>(IReadOnlyList<TRequest> requests, Func<TRequest, CancellationToken, Task<ExecutionStarted>> start,
        MapOptions? options, CancellationToken cancellationToken)
        where TRequest : class
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var request in requests)
            ArgumentNullException.ThrowIfNull(request, nameof(requests));
        options ??= new MapOptions();
        if (options.MaxParallelism < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxParallelism, "MaxParallelism must be at least 1.");
        return MapCoreAsync(requests.Count, (i, ct) => start(requests[i], ct), options, cancellationToken);
    }

    private async IAsyncEnumerable<MappedExecutionEvent> MapCoreAsync(int count, Func<int, CancellationToken, Task<ExecutionStarted>> start,
        MapOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        CheckRunAllowance(count);
        var map = new MapRun(this, start, options);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = RunAllAsync(map, count, options.MaxParallelism, stop.Token);
        try
        {
            await foreach (var e in map.Events.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                yield return e;
            await workers.ConfigureAwait(false);
        }
        finally
        {
            // Ending early (a break, a cancelled caller): every live run is aborted before the enumeration ends.
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await workers.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
    }

    private static async Task RunAllAsync(MapRun map, int count, int parallelism, CancellationToken cancellationToken)
    {
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                (index, ct) => new ValueTask(map.RunOneAsync(index, ct))).ConfigureAwait(false);
        }
        finally
        {
            map.Events.Writer.TryComplete();
        }
    }

    /// <summary>The shared state of one map: its event channel and whether fail-fast has tripped.</summary>
    private sealed class MapRun(ExecutionsClient client, Func<int, CancellationToken, Task<ExecutionStarted>> start, MapOptions options)
    {
        private readonly Dictionary<int, string> _live = [];
        private string? _failFastReason;

        public Channel<MappedExecutionEvent> Events { get; } = Channel.CreateUnbounded<MappedExecutionEvent>(new UnboundedChannelOptions { SingleReader = true });

        public async Task RunOneAsync(int index, CancellationToken cancellationToken)
        {
            if (FailFastReason is { } reason)
            {
                Write(index, null, new ExecutionFinished(ExecutionStates.Cancelled, null, $"Not started: {reason}.", null));
                return;
            }

            // The start request itself is never cancelled: a run the service accepted must be known to be aborted.
            var starting = start(index, CancellationToken.None);
            ExecutionStarted started;
            try
            {
                started = await starting.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await client.AbortOnceStartedAsync(starting).ConfigureAwait(false);
                throw;
            }
            catch (Exception e) when (IsRunFailure(e))
            {
                Finish(index, null, new ExecutionFinished(ExecutionStates.Failed, null, e.Message, null));
                return;
            }

            var id = started.ExecutionId;
            lock (_live)
                _live[index] = id;
            Write(index, id, new ExecutionStatusChanged(started.Status));
            if (FailFastReason is not null)
                await client.AbortQuietlyAsync(id).ConfigureAwait(false);
            try
            {
                await foreach (var e in client.StreamAsync(started, options.Stream, cancellationToken).ConfigureAwait(false))
                {
                    if (e is ExecutionFinished finished)
                    {
                        Finish(index, id, finished);
                        return;
                    }

                    Write(index, id, e);
                }

                Finish(index, id, new ExecutionFinished(ExecutionStates.Failed, null, $"The output stream of run {id} ended without a finished event.", null));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await client.AbortQuietlyAsync(id).ConfigureAwait(false);
                throw;
            }
            catch (Exception e) when (IsRunFailure(e))
            {
                Finish(index, id, new ExecutionFinished(ExecutionStates.Failed, null, e.Message, null));
            }
        }

        private string? FailFastReason
        {
            get
            {
                lock (_live)
                    return _failFastReason;
            }
        }

        private static bool IsRunFailure(Exception e) =>
            e is LyceumException;

        private void Finish(int index, string? id, ExecutionFinished finished)
        {
            List<string> toAbort = [];
            lock (_live)
            {
                _live.Remove(index);
                if (options.FailFast && !finished.Succeeded && _failFastReason is null)
                {
                    _failFastReason = $"run {index + 1} ended {finished.Status} and the map fails fast";
                    toAbort.AddRange(_live.Values);
                }
            }

            Write(index, id, finished);
            // The other live runs end through their own streams, with the aborted state the service reports.
            foreach (var live in toAbort)
                _ = client.AbortQuietlyAsync(live);
        }

        private void Write(int index, string? id, ExecutionEvent e) => Events.Writer.TryWrite(new MappedExecutionEvent(index, id, e));
    }
}
