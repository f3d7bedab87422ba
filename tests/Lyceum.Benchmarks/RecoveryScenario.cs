using System.Diagnostics;
using Lyceum.Client;
using Lyceum.Local;
using Lyceum.Tests;

namespace Lyceum.Benchmarks;

/// <summary>How fast a stream comes back: a run prints a line every 10 ms through a proxy that cuts every connection
/// (time from the cut to the next line delivered) or stalls it with the socket open (time from the stall to the next
/// line, which needs the silence check: goal ≤ 2 × its interval, here shortened to 1 s).</summary>
internal sealed class RecoveryScenario : IBenchmarkScenario
{
    private const int Cuts = 9;
    private const int Stalls = 3;
    private const int LinesBetweenFaults = 30;
    private static readonly TimeSpan SilenceCheck = TimeSpan.FromSeconds(1);

    public string Name => "recovery";

    public string Description => "cut -> next byte (median, goal <= 1 s) and silent stall -> next byte (goal <= 2 x silence check)";

    public async Task<IReadOnlyList<KeyValuePair<string, string>>> RunAsync(CancellationToken cancellationToken)
    {
        await using var proxy = new ChaosProxy(targetPort: 0);
        var server = await LyceumLocalServer.StartAsync(
            new LyceumLocalOptions { MaxConcurrency = 1, RateLimits = false, PublicUrl = proxy.Url.ToString() }, cancellationToken);
        await using (server)
        {
            proxy.Retarget(server.BaseUrl.Port);
            using var client = new LyceumClient(LyceumCredential.FromApiKey(server.ApiKey), new LyceumClientOptions { Endpoint = server.BaseUrl });
            var code = "import time\nfor i in range(100000):\n    print(i, flush=True)\n    time.sleep(0.01)\n";
            var started = await client.Executions.StartPythonAsync(new PythonRunRequest(code) { Timeout = 600 }, cancellationToken);
            var options = new StreamOptions { SilenceCheckInterval = SilenceCheck };
            var cuts = new List<double>();
            var stalls = new List<double>();
            var sinceFault = 0;
            var recovering = false;
            long faultAt = 0;
            var reconnected = false;
            try
            {
                await foreach (var e in client.Executions.StreamAsync(started, options, cancellationToken))
                {
                    if (e is ExecutionReconnected)
                        reconnected = true;
                    if (e is not ExecutionOutput)
                        continue;
                    if (recovering)
                    {
                        // Lines already on their way before the fault do not count: only those after the reconnect.
                        if (!reconnected)
                            continue;
                        (cuts.Count < Cuts ? cuts : stalls).Add(Stopwatch.GetElapsedTime(faultAt).TotalMilliseconds);
                        recovering = false;
                        sinceFault = 0;
                        if (cuts.Count == Cuts && stalls.Count == Stalls)
                            break;
                        continue;
                    }

                    if (++sinceFault < LinesBetweenFaults)
                        continue;
                    faultAt = Stopwatch.GetTimestamp();
                    recovering = true;
                    reconnected = false;
                    if (cuts.Count < Cuts)
                        proxy.CutAll();
                    else
                        proxy.StallAll();
                }
            }
            finally
            {
                await client.Executions.AbortAsync(started.ExecutionId, CancellationToken.None);
            }

            cuts.Sort();
            stalls.Sort();
            return
            [
                new("cut_to_byte_median_ms", LocalBench.F(LocalBench.Percentile(cuts, 50), "0")),
                new("cut_to_byte_max_ms", LocalBench.F(cuts.Count == 0 ? double.NaN : cuts[^1], "0")),
                new("stall_to_byte_ms", LocalBench.F(LocalBench.Percentile(stalls, 50), "0")),
                new("stall_to_byte_max_ms", LocalBench.F(stalls.Count == 0 ? double.NaN : stalls[^1], "0")),
                new("silence_check_ms", LocalBench.F(SilenceCheck.TotalMilliseconds, "0")),
                new("transport", "ws"),
                new("goal_cut_median_ms", "1000"),
                new("goal_stall_ms", LocalBench.F(2 * SilenceCheck.TotalMilliseconds, "0")),
            ];
        }
    }
}
