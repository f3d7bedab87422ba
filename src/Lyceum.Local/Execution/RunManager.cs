using System.Collections.Concurrent;
using Lyceum.Local.Auth;
using Lyceum.Local.Billing;

namespace Lyceum.Local.Execution;

/// <summary>
/// The run lifecycle: queued (bounded concurrency) → running → completed | failed_user | timeout | aborted | system_failure.
/// Admits a start against the credits (holding its maximum cost), charges the ledger when a run ends and writes the
/// terminal stream message. Time (timeouts, timestamps, accrual) comes from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class RunManager(RunStore store, Ledger ledger, string runsRoot, int maxConcurrency, TimeProvider time, ILogger<RunManager> logger)
    : IAsyncDisposable
{
    public const string ServerStoppedMessage = "Lyceum Local stopped while the run was live.";
    private readonly ConcurrentDictionary<string, LiveRun> _runs = new();
    private readonly SemaphoreSlim _slots = new(Math.Max(1, maxConcurrency));
    private readonly string _dataDirectory = Path.GetDirectoryName(Path.GetFullPath(runsRoot).TrimEnd(Path.DirectorySeparatorChar))!;

    private string CacheOf(string accountId) => Path.Combine(_dataDirectory, "cache", accountId);

    private static void DeleteFolder(string path)
    {
        if (Directory.Exists(path))
            Directory.Delete(path, recursive: true);
    }

    public string LogPath(string id) => Path.Combine(runsRoot, id, "output.jsonl");

    /// <summary>Queues a run; throws <see cref="InsufficientCreditsException"/> when the account cannot pay for another one.</summary>
    public async Task<LiveRun> StartAsync(string accountId, string kind, Machine machine, int timeout, string? fileName, string? imageRef,
        IRunLauncher launcher, CancellationToken cancellationToken = default)
    {
        var streamToken = Secrets.Random(24);
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
            StreamToken = streamToken,
            StreamTokenHash = Secrets.Hash(streamToken),
            ImageRef = imageRef,
            CreatedAt = time.GetUtcNow(),
            Clock = time,
        };
        // A run may take its preparation (a requirements install) on top of its timeout: the hold covers both.
        var maxSeconds = timeout + (decimal)Math.Ceiling(launcher.Preparation.TotalSeconds);
        var maxCost = Math.Round(machine.PricePerHour * maxSeconds / 3600m, 6, MidpointRounding.AwayFromZero);
        if (await ledger.TryHoldAsync(accountId, record.Id, maxCost, cancellationToken) is { } refused)
            throw new InsufficientCreditsException(refused.AvailableCredits);
        // A free slot is taken now, so the start's answer says truthfully whether the run runs or waits queued.
        var slot = _slots.Wait(0);
        if (slot)
        {
            record.Status = RunStatus.Running;
            record.StartTime = time.GetUtcNow();
        }
        try
        {
            await store.InsertAsync(record, cancellationToken);
        }
        catch
        {
            ledger.ReleaseHold(record.Id);
            if (slot)
                _slots.Release();
            throw;
        }
        var run = new LiveRun(record, RunOutput.Create(LogPath(record.Id)), Path.Combine(runsRoot, record.Id), time)
        {
            Isolation = new ProcessIsolation(pid => RecordProcessGroupAsync(record, pid)),
            CacheDirectory = CacheOf(accountId),
        };
        _runs[record.Id] = run;
        run.Completion = Task.Run(() => ExecuteAsync(run, launcher, slot), CancellationToken.None);
        logger.LogInformation("run {ExecutionId} queued ({Kind}, {Machine})", record.Id, kind, machine.Name);
        return run;
    }

    /// <summary>A run this process executes (live, or finished recently).</summary>
    public LiveRun? Find(string id) => _runs.GetValueOrDefault(id);

    public IEnumerable<LiveRun> Live(string accountId) =>
        _runs.Values.Where(r => r.Record.AccountId == accountId && RunStatus.IsLive(r.Record.Status) && r.StopReason is null)
            .OrderBy(r => r.Record.CreatedAt);

    /// <summary>
    /// Runs that were live when a previous server died: whatever is left of their processes is killed first, then they are
    /// marked system_failure and their streams closed. <paramref name="containers"/> removes what an image or compose run
    /// left in the container runtime.
    /// </summary>
    public async Task RecoverAsync(ContainerRuntime? containers = null, CancellationToken cancellationToken = default)
    {
        var live = await store.ListLiveAsync(cancellationToken);
        if (live.Count == 0)
            return;
        var killed = Survivors.Kill(live.Select(r => r.Id).ToHashSet(StringComparer.Ordinal), live.Where(r => r.ProcessGroup is not null).Select(r => r.ProcessGroup!.Value));
        if (killed > 0)
            logger.LogWarning("killed {Count} process(es) of runs a stopped server left behind", killed);
        foreach (var record in live)
        {
            if (record.Kind == "image" && containers is not null)
                await containers.RemoveAsync(ContainerLauncher.ContainerName(record.Id));
            else if (record.Kind == "compose" && containers is not null)
                await containers.RemoveComposeProjectAsync(ComposeLauncher.ProjectName(record.Id));
            record.Status = RunStatus.SystemFailure;
            record.Error = ServerStoppedMessage;
            record.EndTime ??= time.GetUtcNow();
            record.ProcessGroup = null;
            await store.UpdateAsync(record, cancellationToken);
            using var output = RunOutput.Create(LogPath(record.Id));
            output.Append(seq => OutputMessages.Finished(seq, record, time.GetUtcNow().ToUnixTimeMilliseconds()), close: true);
            logger.LogWarning("run {ExecutionId} was live when the server stopped: marked system_failure", record.Id);
            RemoveScratch(Path.Combine(runsRoot, record.Id));
        }
    }

    /// <summary>
    /// Aborts the account's live runs, waits for their processes to end, and removes everything its runs left on disk:
    /// their folders (output, work, home) and the account's cache. Called before the account's rows are deleted.
    /// </summary>
    public async Task DeleteAccountAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var live = Live(accountId).ToList();
        foreach (var run in live)
            run.RequestStop(RunStatus.Aborted, "The account was deleted.");
        await Task.WhenAll(live.Select(r => r.Completion)).WaitAsync(cancellationToken);
        foreach (var run in await store.ListAsync(accountId, int.MaxValue, 0, cancellationToken))
        {
            _runs.TryRemove(run.Id, out _);
            DeleteFolder(Path.Combine(runsRoot, run.Id));
        }
        DeleteFolder(CacheOf(accountId));
    }

    public async Task StopAllAsync(string reason, string message, TimeSpan wait)
    {
        var live = _runs.Values.Where(r => !r.Output.IsClosed).ToList();
        foreach (var run in live)
            run.RequestStop(reason, message);
        // Real time: the processes are being killed; waiting for them is not a behaviour tests drive.
        await Task.WhenAll(live.Select(r => r.Completion)).WaitAsync(wait).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync() => await StopAllAsync(RunStatus.SystemFailure, ServerStoppedMessage, TimeSpan.FromSeconds(15));

    private async Task ExecuteAsync(LiveRun run, IRunLauncher launcher, bool acquired)
    {
        var record = run.Record;
        try
        {
            if (!acquired)
            {
                await _slots.WaitAsync(run.StopToken);
                acquired = true;
                record.Status = RunStatus.Running;
                record.StartTime = time.GetUtcNow();
                await store.UpdateAsync(record);
                // Its stream said nothing while it waited: it says now that it runs (time queued is not billed).
                run.Output.Append(seq => OutputMessages.Status(seq, RunStatus.Running, time.GetUtcNow().ToUnixTimeMilliseconds()));
            }
            if (launcher.Preparation == TimeSpan.Zero)
                run.StartTimeout();
            run.CreateFolders();
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
            record.Error = WithoutHostPaths(ex.Message);
            record.ReturnCode = ex.ExitCode;
        }
        catch (RunPlatformException ex)
        {
            record.Status = RunStatus.SystemFailure;
            record.Error = WithoutHostPaths($"Lyceum Local could not run this: {ex.Message}");
            record.ReturnCode = -1;
        }
        catch (Exception ex)
        {
            // The exception may name host paths: it goes to the server log, the run gets a sentence.
            record.Status = RunStatus.SystemFailure;
            record.Error = "Lyceum Local could not run this; the server log has the details.";
            record.ReturnCode = -1;
            logger.LogError(ex, "run {ExecutionId} failed in the platform", record.Id);
        }
        finally
        {
            run.StopTimeout();
            if (acquired)
                _slots.Release();
        }
        await FinishAsync(run);
    }

    /// <summary>Recorded at once: if the server dies now, the next start must find the group.</summary>
    private Task RecordProcessGroupAsync(RunRecord record, int processGroup)
    {
        record.ProcessGroup = processGroup;
        return store.SetProcessGroupAsync(record.Id, processGroup);
    }

    /// <summary>
    /// Removes what an ended run's processes wrote (as Lyceum Cloud releases the run's machine): its code, its import files
    /// (a cell's inputs, with the storage credentials a <c>--storage</c> cell passed in, when the run ended before its
    /// prelude deleted them), HOME and TMPDIR. What cannot be removed (a container's files of another user) is logged.
    /// </summary>
    private void RemoveScratch(string runDirectory)
    {
        foreach (var folder in LiveRun.ScratchFoldersOf(runDirectory))
        {
            try
            {
                DeleteFolder(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("could not remove {Folder} of an ended run: {Reason}", WithoutHostPaths(folder), e.Message);
            }
        }
    }

    /// <summary>Messages of tools (pip) may quote files of the data dir; another account must not learn where it is.</summary>
    private string WithoutHostPaths(string message) => message.Replace(_dataDirectory, "<data dir>", StringComparison.Ordinal);

    private async Task FinishAsync(LiveRun run)
    {
        var record = run.Record;
        record.EndTime = time.GetUtcNow();
        record.Cost = record.AccruedCost;
        record.ProcessGroup = null;
        try
        {
            await ledger.ChargeAsync(record.AccountId, record.Cost, record.Id);
            await store.UpdateAsync(record);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException)
        {
            // The account was deleted while its run was live; nothing is left to charge.
            ledger.ReleaseHold(record.Id);
            logger.LogInformation("run {ExecutionId} ended after its account was removed: {Reason}", record.Id, ex.Message);
        }
        // Before the last message: a client that saw the run end finds nothing of it left but its log.
        RemoveScratch(run.Directory);
        run.Output.Append(seq => OutputMessages.Finished(seq, record, time.GetUtcNow().ToUnixTimeMilliseconds()), close: true);
        logger.LogInformation("run {ExecutionId} {Status} after {Seconds:0.###} s", record.Id, record.Status, record.ExecutionSeconds);
        // Late readers replay from the log on disk; the in-memory entry (a few fields, no output) goes after a while.
        _ = Task.Delay(TimeSpan.FromMinutes(2), time).ContinueWith(_ => _runs.TryRemove(record.Id, out var _), TaskScheduler.Default);
    }
}
