namespace Lyceum.Local.Execution;

/// <summary>A run this server process executes: its record, output, folder and stop switch.</summary>
internal sealed class LiveRun(RunRecord record, RunOutput output, string directory)
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();

    public RunRecord Record { get; } = record;

    public RunOutput Output { get; } = output;

    /// <summary>The run's folder (data/runs/ID); the code runs in its <c>work</c> sub-folder.</summary>
    public string Directory { get; } = directory;

    public string WorkDirectory => Path.Combine(Directory, "work");

    public CancellationToken StopToken => _stop.Token;

    /// <summary>Why the run was stopped (the final status it gets), null while nobody stopped it.</summary>
    public string? StopReason { get; private set; }

    public string? StopMessage { get; private set; }

    public Task Completion { get; set; } = Task.CompletedTask;

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
        Output.Append(seq => OutputMessages.Output(seq, stream, text, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
}
