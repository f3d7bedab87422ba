using System.Text;

namespace Lyceum.Client.Tests;

/// <summary>Runs on a real Lyceum Local whose streams go through a fault-injecting proxy (cuts, silent stalls with the
/// socket open, slow drips) or whose server restarts mid-run. Each run prints thousands of numbered lines with
/// stderr interleaved; every line must arrive exactly once, in order, on its own stream, and every run must finish.
/// Faults come from fixed seeds. Time is never waited on: the client's silence interval is short, and the bounds
/// below only stop a hung test.</summary>
public sealed class ChaosTests
{
    private const int Runs = 50;
    private const int Lines = 2000;
    private const int Parallel = 6;

    private static readonly string Printer = NumberedLines.Code(Lines);

    private static readonly string ExpectedStdout = NumberedLines.Stdout(Lines);

    private static readonly string ExpectedStderr = NumberedLines.Stderr(Lines);

    [Theory]
    [InlineData("ws")]
    [InlineData("sse")]
    public async Task every_line_arrives_exactly_once_in_order_on_its_stream_through_cuts_stalls_and_drips(string transport)
    {
        await using var local = await ChaosLocal.StartAsync(transport);
        using var client = local.CreateClient();
        using var gate = new SemaphoreSlim(Parallel);

        var transcripts = await Task.WhenAll(Enumerable.Range(0, Runs).Select(async seed =>
        {
            await gate.WaitAsync();
            try
            {
                return await RunAsync(client, local.Streams, Printer, ChaosProxy.RandomPlan(new Random(seed)));
            }
            finally
            {
                gate.Release();
            }
        }));

        foreach (var run in transcripts)
        {
            Assert.Equal(ExpectedStdout, run.Stdout.ToString());
            Assert.Equal(ExpectedStderr, run.Stderr.ToString());
            Assert.Equal(1, run.Finished);
            Assert.Equal(ExecutionStates.Completed, run.Last?.Status);
            Assert.False(run.Last!.OutputMayBeIncomplete);
        }

        Assert.True(local.Streams.FaultsStruck >= Runs, $"only {local.Streams.FaultsStruck} faults struck");
    }

    [Theory]
    [InlineData("ws")]
    [InlineData("sse")]
    public async Task runs_whose_server_restarts_mid_stream_end_with_every_line_they_printed_exactly_once(string transport)
    {
        await using var local = await ChaosLocal.StartAsync(transport);
        using var client = local.CreateClient();
        // Prints, then lives on until the restart stops it.
        var code = Printer + "\ntime.sleep(300)\n";
        var halfway = Enumerable.Range(0, 4).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();

        var half = ExpectedStdout.IndexOf($"out {Lines / 2 + 1}\n", StringComparison.Ordinal);
        var runs = halfway.Select(h => RunAsync(client, local.Streams, code, [], onStdout: delivered =>
        {
            if (delivered >= half)
                h.TrySetResult();
        })).ToArray();
        await Task.WhenAll(halfway.Select(h => h.Task)).WaitAsync(TimeSpan.FromMinutes(2));
        await local.RestartAsync();
        var transcripts = await Task.WhenAll(runs);

        foreach (var run in transcripts)
        {
            var record = await client.Executions.GetAsync(run.ExecutionId);
            Assert.Equal(record.Stdout, run.Stdout.ToString());
            Assert.Equal(record.Stderr, run.Stderr.ToString());
            Assert.StartsWith(run.Stdout.ToString(), ExpectedStdout, StringComparison.Ordinal);
            Assert.StartsWith(run.Stderr.ToString(), ExpectedStderr, StringComparison.Ordinal);
            Assert.Contains($"out {Lines / 2}\n", run.Stdout.ToString(), StringComparison.Ordinal);
            Assert.Equal(1, run.Finished);
            Assert.Equal(ExecutionStates.SystemFailure, run.Last?.Status);
            Assert.True(run.Reconnects >= 1);
        }
    }

    private static async Task<Transcript> RunAsync(LyceumClient client, ChaosProxy streams, string code, IEnumerable<ChaosProxy.Fault> faults,
        Action<int>? onStdout = null)
    {
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var started = await client.Executions.StartPythonAsync(new PythonRunRequest(code) { Timeout = 600 }, hang.Token);
        streams.Plan(started.ExecutionId, faults);
        var run = new Transcript(started.ExecutionId);
        await foreach (var e in client.Executions.StreamAsync(started, ChaosLocal.FastRecovery, hang.Token))
        {
            Assert.Equal(0, run.Finished);
            switch (e)
            {
                case ExecutionOutput { Stream: OutputStreamKind.Stderr } o:
                    run.Stderr.Append(o.Text);
                    break;
                case ExecutionOutput o:
                    run.Stdout.Append(o.Text);
                    onStdout?.Invoke(run.Stdout.Length);
                    break;
                case ExecutionReconnecting:
                    run.Reconnects++;
                    break;
                case ExecutionFinished f:
                    run.Finished++;
                    run.Last = f;
                    break;
            }
        }

        return run;
    }

    private sealed class Transcript(string executionId)
    {
        public string ExecutionId { get; } = executionId;

        public StringBuilder Stdout { get; } = new();

        public StringBuilder Stderr { get; } = new();

        public int Finished { get; set; }

        public int Reconnects { get; set; }

        public ExecutionFinished? Last { get; set; }
    }
}
