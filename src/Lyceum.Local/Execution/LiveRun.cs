namespace Lyceum.Local.Execution;

/// <summary>A run this server process executes: its record, output, folder and stop switch.</summary>
internal sealed class LiveRun(RunRecord record, RunOutput output, string directory, TimeProvider time)
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private ITimer? _timeout;

    public RunRecord Record { get; } = record;

    public RunOutput Output { get; } = output;

    /// <summary>The run's folder (data/runs/ID); the code runs in its <c>work</c> sub-folder.</summary>
    public string Directory { get; } = directory;

    public string WorkDirectory => Path.Combine(Directory, "work");

    /// <summary>HOME of the run's processes: private to the run, never the server user's home.</summary>
    public string HomeDirectory => Path.Combine(Directory, "home");

    /// <summary>TMPDIR of the run's processes.</summary>
    public string TempDirectory => Path.Combine(Directory, "tmp");

    /// <summary>
    /// XDG_CACHE_HOME of the run's processes: one per account, kept between runs, so caches (pip's, matplotlib's font list)
    /// are not rebuilt by every run and never shared with another account.
    /// </summary>
    public required string CacheDirectory { get; init; }

    /// <summary>How the run's processes start: own process group (recorded with the run), dying with the server.</summary>
    public ProcessIsolation Isolation { get; init; } = new();

    /// <summary>The folders a run's processes write to (code, import files, HOME, TMPDIR), gone once it ends; its log stays.</summary>
    public static IEnumerable<string> ScratchFoldersOf(string directory) =>
        [Path.Combine(directory, "work"), Path.Combine(directory, "home"), Path.Combine(directory, "tmp")];

    /// <summary>Creates the run's folders, readable by the server's user only.</summary>
    public void CreateFolders()
    {
        foreach (var folder in new[] { WorkDirectory, HomeDirectory, TempDirectory, CacheDirectory })
            Data.PrivateFiles.CreateFolder(folder);
    }

    public CancellationToken StopToken => _stop.Token;

    /// <summary>Why the run was stopped (the final status it gets), null while nobody stopped it.</summary>
    public string? StopReason { get; private set; }

    public string? StopMessage { get; private set; }

    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>Starts the clock of the run's own timeout (once); it stops the run with status timeout when it runs out.</summary>
    public void StartTimeout()
    {
        lock (_gate)
            _timeout ??= time.CreateTimer(
                _ => RequestStop(RunStatus.Timeout, $"The run exceeded its timeout of {Record.Timeout} s and was killed."),
                null, TimeSpan.FromSeconds(Record.Timeout), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Stops the timeout's clock (the run ended).</summary>
    public void StopTimeout()
    {
        lock (_gate)
            _timeout?.Dispose();
    }

    /// <summary>Stops the run (kills its process tree); the first reason wins.</summary>
    public bool RequestStop(string reason, string? message = null)
    {
        lock (_gate)
        {
            if (StopReason is not null || Output.IsClosed)
                return false;
            StopReason = reason;
            StopMessage = message;
        }
        _stop.Cancel();
        return true;
    }

    /// <summary>Adds an output chunk of stream <c>stdout</c> or <c>stderr</c>.</summary>
    public void Write(string stream, string text) =>
        Output.Append(seq => OutputMessages.Output(seq, stream, text, time.GetUtcNow().ToUnixTimeMilliseconds()));
}
