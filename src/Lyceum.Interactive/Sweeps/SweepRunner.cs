using Lyceum.Client;
using Lyceum.Interactive.Budgets;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Remote;

namespace Lyceum.Interactive.Sweeps;

/// <summary>Runs the points of a sweep as <see cref="RunSession"/>s under one scheduler — at most the card's parallel
/// bound at once, the first failure stopping the rest under fail-fast, the stop button or the cost cap aborting every
/// live run, a sweep bigger than the service's run starts left refused before anything starts — and keeps one
/// <see cref="SweepCard"/> through a <see cref="SweepBoard"/>. Each run gets what a cell gets: resume, silence checks,
/// frame decoding, its bill.</summary>
internal sealed class SweepRunner
{
    /// <summary>How much of one run's output its collapsed section keeps; past it the whole output goes to a local file.</summary>
    public const int OutputKeptPerRun = 32 * 1024;

    private readonly LyceumConnection _connection;
    private readonly IReadOnlyList<SweepPoint> _points;
    private readonly CostMeter _meter;
    private readonly TimeProvider _time;
    private readonly SweepBoard _board;
    private readonly int _parallel;

    /// <param name="connection">The notebook's connection (its client, the session budget).</param>
    /// <param name="points">One prepared run per point of the sweep.</param>
    /// <param name="card">The card's fixed parts (what, machine, parallel bound).</param>
    /// <param name="meter">Meters the spend of all the runs and trips at <c>--max-cost</c>.</param>
    /// <param name="time">The clock for elapsed times.</param>
    /// <param name="show">Shows the card (produced once, then updated); the flag says the update follows the stop button.</param>
    public SweepRunner(LyceumConnection connection, IReadOnlyList<SweepPoint> points, SweepCard card, CostMeter meter, TimeProvider time,
        Action<SweepCard, bool> show)
    {
        (_connection, _points, _meter, _time) = (connection, points, meter, time);
        _parallel = Math.Max(1, card.Parallel);
        _board = new SweepBoard(card, points.Select(p => p.Parameters).ToList(), meter, time, show);
    }

    /// <summary>Runs every point; returns the rows as they ended.</summary>
    /// <param name="failFast">The first run that does not complete aborts the live ones; the rest do not start.</param>
    /// <param name="stop">The cell's stop button: aborts every live run, the rest do not start.</param>
    /// <exception cref="LyceumCommandException">More runs than the service's rate limit has left (nothing started).</exception>
    public async Task<IReadOnlyList<SweepRow>> RunAsync(bool failFast, CancellationToken stop)
    {
        var client = _connection.Require();
        try
        {
            client.Executions.CheckRunAllowance(_points.Count);
        }
        catch (LyceumRunAllowanceException e)
        {
            throw new LyceumCommandException($"Not started: this sweep of {e.Message} #!lyceum status shows the limits.");
        }

        using var failedFast = new CancellationTokenSource();
        using var runsStop = CancellationTokenSource.CreateLinkedTokenSource(stop, failedFast.Token);
        // Said before the runs see the stop, so their rows name the reason.
        using var onStop = stop.Register(() => _board.StopReason ??= "stopped");
        using var onCap = _meter.CapReached.Register(() => _board.StopReason ??= "cost cap");
        _board.Show(afterStop: false);
        // A run gives its place to the next as soon as the service says it ended (its bill is read meanwhile).
        using var places = new SemaphoreSlim(_parallel);
        var runs = new List<Task>(_points.Count);
        for (var i = 0; i < _points.Count; i++)
        {
            await places.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            if (runsStop.IsCancellationRequested || _meter.Reached)
            {
                _board.NotStarted(i, _board.StopReason ?? "stopped", stop.IsCancellationRequested);
                places.Release();
                continue;
            }

            runs.Add(RunOneAsync(i, runsStop.Token, () => stop.IsCancellationRequested, ended =>
            {
                if (failFast && ended is not { Succeeded: true } && !runsStop.IsCancellationRequested && !_meter.Reached)
                {
                    _board.StopReason ??= "fail-fast";
                    failedFast.Cancel();
                }
                places.Release();
            }));
        }
        await Task.WhenAll(runs).ConfigureAwait(false);

        string? message = _board.StopReason switch
        {
            "stopped" => "Stopped: every started run of the sweep was aborted on Lyceum.",
            "cost cap" => _meter.CapMessage,
            "fail-fast" => "--fail-fast: a run failed, so the live runs were aborted and the rest not started.",
            _ => null,
        };
        return _board.Finish(message, stop.IsCancellationRequested).Rows;
    }

    /// <summary>One run, start to bill; <paramref name="ended"/> is called once, as soon as the service says how it ended.</summary>
    private async Task RunOneAsync(int i, CancellationToken stop, Func<bool> cellStopped, Action<ExecutionFinished?> ended)
    {
        var point = _points[i];
        var sink = new SweepRunSink(_board, i, stop, cellStopped);
        var session = new RunSession(point.Request with { OutputCapBytes = Math.Min(point.Request.OutputCapBytes, OutputKeptPerRun) },
            _connection, sink, _time, state: null, _meter, i);
        var endedOnce = session.Ended.ContinueWith(t => ended(t.Result), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        ExecutionFinished? finished = null;
        try
        {
            finished = await session.RunAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (LyceumCommands.Describe(e) is { } sentence)
        {
            sink.Fail(sentence);
        }
        finally
        {
            _connection.Budget.Record(session.Spent);
            _board.Ended(i, finished, point.Request.Kind == RunKind.Image, cellStopped());
            await endedOnce.ConfigureAwait(false);
        }
    }
}
