using System.Collections.Concurrent;
using Lyceum.Local.Auth;
using Lyceum.Local.Billing;

namespace Lyceum.Local.Execution;

/// <summary>
/// The run lifecycle: queued (bounded concurrency) → running → completed | failed_user | timeout | aborted | system_failure.
/// Charges the ledger when a run ends and writes the terminal stream message.
/// </summary>
internal sealed class RunManager(RunStore store, Ledger ledger, string runsRoot, int maxConcurrency, Action<string> log) : IAsyncDisposable
{
    public const string ServerStoppedMessage = "Lyceum Local stopped while the run was live.";
    private readonly ConcurrentDictionary<string, LiveRun> _runs = new();
    private readonly SemaphoreSlim _slots = new(Math.Max(1, maxConcurrency));

    public string LogPath(string id) => Path.Combine(runsRoot, id, "output.jsonl");

    public async Task<LiveRun> StartAsync(string accountId, string kind, Machine machine, int timeout, string? fileName, string? imageRef,
        IRunLauncher launcher, CancellationToken cancellationToken = default)
    {
        var record = new RunRecord
        {
            Id = Guid.NewGuid().ToString(),
            AccountId = accountId,
            Kind = kind,
            Status = RunStatus.Queued,
            FileName = fileName,
            ExecutionType = machine.Name,
            PricePerHour = machine.PricePerHour,
            Timeout = timeout,
            StreamToken = Secrets.Random(24),
            ImageRef = imageRef,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await store.InsertAsync(record, cancellationToken);
        var run = new LiveRun(record, RunOutput.Create(LogPath(record.Id)), Path.Combine(runsRoot, record.Id));
        _runs[record.Id] = run;
        run.Completion = Task.Run(() => ExecuteAsync(run, launcher), CancellationToken.None);
        log($"run {record.Id} queued ({kind}, {machine.Name})");
        return run;
    }

    /// <summary>A run this process executes (live, or finished recently).</summary>
    public LiveRun? Find(string id) => _runs.GetValueOrDefault(id);

    public IEnumerable<LiveRun> Live(string accountId) =>
        _runs.Values.Where(r => r.Record.AccountId == accountId && RunStatus.IsLive(r.Record.Status) && r.StopReason is null)
            .OrderBy(r => r.Record.CreatedAt);

    /// <summary>Marks runs that were live when a previous server died as system_failure and closes their streams.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken = default)
    {
        foreach (var record in await store.ListLiveAsync(cancellationToken))
        {
            record.Status = RunStatus.SystemFailure;
            record.Error = ServerStoppedMessage;
            record.EndTime ??= DateTimeOffset.UtcNow;
            await store.UpdateAsync(record, cancellationToken);
            using var output = RunOutput.Create(LogPath(record.Id));
            output.Append(seq => OutputMessages.Finished(seq, record, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), close: true);
            log($"run {record.Id} was live when the server stopped: marked system_failure");
        }
    }

    public async Task StopAllAsync(string reason, string message, TimeSpan wait)
    {
        var live = _runs.Values.Where(r => !r.Output.IsClosed).ToList();
        foreach (var run in live)
            run.RequestStop(reason, message);
        await Task.WhenAll(live.Select(r => r.Completion)).WaitAsync(wait).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync() => await StopAllAsync(RunStatus.SystemFailure, ServerStoppedMessage, TimeSpan.FromSeconds(15));

    private async Task ExecuteAsync(LiveRun run, IRunLauncher launcher)
    {
        var record = run.Record;
        var acquired = false;
        try
        {
            await _slots.WaitAsync(run.StopToken);
            acquired = true;
            record.Status = RunStatus.Running;
            record.StartTime = DateTimeOffset.UtcNow;
            await store.UpdateAsync(record);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(record.Timeout));
            using var onTimeout = timeout.Token.Register(() => run.RequestStop(RunStatus.Timeout, $"The run exceeded its timeout of {record.Timeout} s and was killed."));
            var code = await launcher.RunAsync(run, run.StopToken);
            record.ReturnCode = code;
            record.Status = code == 0 ? RunStatus.Completed : RunStatus.FailedUser;
            if (code != 0)
                record.Error = $"The {(record.Kind is "image" ? "container" : record.Kind is "compose" ? "compose project" : "code")} exited with code {code}.";
        }
        catch (OperationCanceledException) when (run.StopReason is not null)
        {
            record.Status = run.StopReason;
            record.Error = run.StopMessage;
            record.ReturnCode ??= run.StopReason == RunStatus.Completed ? 0 : -1;
        }
        catch (RunFailedException ex)
        {
            record.Status = RunStatus.FailedUser;
            record.Error = ex.Message;
            record.ReturnCode = ex.ExitCode;
        }
        catch (Exception ex)
        {
            record.Status = RunStatus.SystemFailure;
            record.Error = $"Lyceum Local could not run this: {ex.Message}";
            record.ReturnCode = -1;
            log($"run {record.Id} failed in the platform: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            if (acquired)
                _slots.Release();
        }
        await FinishAsync(run);
    }

    private async Task FinishAsync(LiveRun run)
    {
        var record = run.Record;
        record.EndTime = DateTimeOffset.UtcNow;
        record.Cost = record.AccruedCost;
        try
        {
            await ledger.ChargeAsync(record.AccountId, record.Cost, record.Id);
            await store.UpdateAsync(record);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException)
        {
            // The account was deleted while its run was live; nothing is left to charge.
            log($"run {record.Id} ended after its account was removed: {ex.Message}");
        }
        run.Output.Append(seq => OutputMessages.Finished(seq, record, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), close: true);
        log($"run {record.Id} {record.Status} after {record.ExecutionSeconds:0.###} s");
        // Late readers replay from the log on disk; keep the in-memory copy only a while.
        _ = Task.Delay(TimeSpan.FromMinutes(2)).ContinueWith(_ => _runs.TryRemove(record.Id, out var _), TaskScheduler.Default);
    }
}
