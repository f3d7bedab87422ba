using System.Runtime.CompilerServices;
using Lyceum.Client;

namespace Lyceum.Interactive.Remote;

/// <summary>Follows a run whose stream URL this notebook never saw (it was started elsewhere): replays the output the
/// service kept, then polls the run's record for new output until it ends.</summary>
internal static class RecordFollower
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static async IAsyncEnumerable<ExecutionEvent> FollowAsync(
        LyceumClient client, string executionId, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var shown = 0;
        string? state = null;
        while (true)
        {
            var record = await client.Executions.GetAsync(executionId, cancellationToken).ConfigureAwait(false);
            var output = record.Output ?? "";
            if (output.Length > shown)
            {
                yield return new ExecutionOutput(output[shown..], OutputStreamKind.Stdout, null, null);
                shown = output.Length;
            }
            if (ExecutionStates.IsTerminal(record.Status))
            {
                var duration = record.ExecutionTime is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
                yield return new ExecutionFinished(record.Status, record.ReturnCode, record.Errors, duration);
                yield break;
            }
            if (record.Status != state)
            {
                state = record.Status;
                yield return new ExecutionStatusChanged(record.Status);
            }
            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
