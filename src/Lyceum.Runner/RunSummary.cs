namespace Lyceum.Runner;

/// <summary>The verdict of a run: the exit code and, when it failed, the first cell that did not pass.</summary>
internal sealed record RunSummary(int ExitCode, CellResult? FirstFailure, int CellsRun, int CellsNotRun)
{
    public const int ExitSuccess = 0;
    public const int ExitCellFailed = 1;
    public const int ExitUsage = 2;
    public const int ExitSetup = 3;
    public const int ExitInterrupted = 130;

    public static RunSummary Of(IReadOnlyList<CellResult> results)
    {
        var ran = results.Count(r => r.Status != CellStatus.NotRun);
        var notRun = results.Count - ran;
        var failed = results.FirstOrDefault(r => !r.Passed && r.Status != CellStatus.NotRun);
        var exitCode = failed switch
        {
            null => ExitSuccess,
            { Status: CellStatus.Interrupted } => ExitInterrupted,
            _ => ExitCellFailed,
        };
        return new RunSummary(exitCode, failed, ran, notRun);
    }

    /// <summary>"Cell 3 of 7 (csharp: throw …) failed: System.Exception: boom".</summary>
    public string? FailureMessage =>
        FirstFailure is { } failed ? $"{char.ToUpperInvariant(failed.Name[0])}{failed.Name[1..]} failed: {failed.Headline}" : null;
}
