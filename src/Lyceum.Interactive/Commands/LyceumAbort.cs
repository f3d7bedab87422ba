using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum abort ID</c>: stops a run.</summary>
[Subcommand("abort", "Stop a run", Usage = "EXECUTION-ID", NotFoundHint = ServiceWords.RunsHint)]
public sealed class LyceumAbort : LyceumSubcommand
{
    /// <summary>The run's execution id.</summary>
    [Option("The run's id", Implicit = true)]
    public string? ExecutionId { get; set; }

    internal override string? NotFound => ServiceWords.NoRun(ExecutionId?.Trim() ?? "");

    internal override async Task RunAsync(SubcommandContext lyceum)
    {
        var id = Required(ExecutionId);
        var status = await lyceum.Connection.Require().Executions.AbortAsync(id, lyceum.CancellationToken).ConfigureAwait(false);
        lyceum.Output.Show(new NoticeView($"Run {id} is {LyceumHtml.StateName(status.Status)}.", status.Message));
    }
}
