using Lyceum.Interactive.Remote;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum attach ID</c>: replays a run's output so far and follows it into the cell.</summary>
[Subcommand("attach", "Replay a run's output and follow it into this cell", Usage = "EXECUTION-ID", NotFoundHint = ServiceWords.RunsHint)]
public sealed class LyceumAttach : LyceumSubcommand
{
    /// <summary>The run's execution id.</summary>
    [Option("The run's id", Implicit = true)]
    public string? ExecutionId { get; set; }

    internal override string? NotFound => ServiceWords.NoRun(ExecutionId?.Trim() ?? "");

    internal override Task RunAsync(SubcommandContext lyceum)
    {
        var id = Required(ExecutionId);
        return lyceum.RunAsync(new RunRequest
        {
            Kind = RunKind.Attach,
            What = $"run {id} (attached)",
            ExecutionId = id,
            OutputCapBytes = lyceum.DefaultSettings.OutputCapBytes,
        });
    }
}
