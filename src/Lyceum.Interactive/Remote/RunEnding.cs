using System.Globalization;
using Lyceum.Client;
using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Remote;

/// <summary>How a run ended, classified once: the card's words for its state, and the one sentence the cell fails with
/// (null when the run completed).</summary>
/// <param name="Label">The state in the user's words: "completed", "failed: your code exited with 1", "timed out after
/// 600 s", "stopped", "platform failure".</param>
/// <param name="Sentence">Why the cell failed, said once; null for a success.</param>
internal sealed record RunEnding(string Label, string? Sentence)
{
    /// <summary>The service's default time limit, when the run did not set one.</summary>
    public const int ServiceDefaultTimeout = 60;

    /// <summary>Classifies a finished run.</summary>
    /// <param name="finished">The terminal event.</param>
    /// <param name="executionId">The run.</param>
    /// <param name="stderr">The end of its stderr (a traceback's last line explains a failure best).</param>
    /// <param name="timeout">The run's time limit in seconds, when known.</param>
    public static RunEnding Of(ExecutionFinished finished, string executionId, string stderr, int? timeout = null)
    {
        var error = string.IsNullOrWhiteSpace(finished.Error) ? null : finished.Error.Trim();
        var limit = timeout ?? ServiceDefaultTimeout;
        // The label comes from the one state-to-words mapping the run lists use too.
        var label = LyceumHtml.StateName(finished.Status, finished.ReturnCode, limit);
        return finished.Status switch
        {
            ExecutionStates.Completed => new(label, null),
            ExecutionStates.Timeout => new(label,
                $"The run {label} (run {executionId}){Because(error)}. Give it more time with --timeout SECONDS (the service allows up to 600)."),
            ExecutionStates.Aborted or ExecutionStates.Cancelled => new(label,
                $"The run was stopped on Lyceum (run {executionId}){Because(error)}."),
            ExecutionStates.SystemFailure or ExecutionStates.FailedSystem => new(label,
                $"Lyceum could not run this (platform failure, run {executionId}){Because(error)}. Try again; if it persists, check #!lyceum status."),
            // Any other ending is the code's failure, whatever name the service gives it.
            _ => new(LyceumHtml.StateName(ExecutionStates.FailedUser, finished.ReturnCode),
                LastLine(stderr) ?? error ?? $"Your code failed on Lyceum (run {executionId}, exit code {finished.ReturnCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"})."),
        };
    }

    private static string Because(string? error) => error is null ? "" : ": " + error.TrimEnd('.');

    private static string? LastLine(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r').Trim()).LastOrDefault(l => l.Length > 0 && !l.StartsWith("[lyceum:", StringComparison.Ordinal));
}
