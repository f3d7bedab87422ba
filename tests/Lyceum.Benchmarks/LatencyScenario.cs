using System.Globalization;
using Lyceum.Client;

namespace Lyceum.Benchmarks;

/// <summary>From a print in a run to its arrival at a stream reader: p50/p99 over 1000 prints (each line carries its print time).</summary>
internal sealed class LatencyScenario : IBenchmarkScenario
{
    private const int Prints = 1000;

    public string Name => "latency";

    public string Description => "print -> stream reader latency over 1000 prints (p50, p99; goal p99 <= 50 ms)";

    public async Task<IReadOnlyList<KeyValuePair<string, string>>> RunAsync(CancellationToken cancellationToken)
    {
        var (server, client) = await LocalBench.StartAsync(2, cancellationToken);
        await using (server)
        using (client)
        {
            var code = $"import time\nfor i in range({Prints}):\n    print(repr(time.time()), flush=True)\n    time.sleep(0.003)\n";
            var started = await client.Executions.StartPythonAsync(new PythonRunRequest(code), cancellationToken);
            var endToEnd = new List<double>();
            var toServer = new List<double>();
            var pending = "";
            await foreach (var e in client.Executions.StreamAsync(started, cancellationToken: cancellationToken))
            {
                if (e is not ExecutionOutput output)
                    continue;
                var arrived = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
                var text = pending + output.Text;
                var lines = text.Split('\n');
                pending = lines[^1];
                foreach (var line in lines[..^1])
                {
                    if (!double.TryParse(line, NumberStyles.Float, CultureInfo.InvariantCulture, out var printed))
                        continue;
                    endToEnd.Add((arrived - printed) * 1000);
                    if (output.Timestamp is { } ts)
                        toServer.Add((ts.ToUnixTimeMilliseconds() / 1000.0 - printed) * 1000);
                }
            }
            endToEnd.Sort();
            toServer.Sort();
            return
            [
                new("prints", endToEnd.Count.ToString(CultureInfo.InvariantCulture)),
                new("p50_ms", LocalBench.F(LocalBench.Percentile(endToEnd, 50), "0.0")),
                new("p99_ms", LocalBench.F(LocalBench.Percentile(endToEnd, 99), "0.0")),
                new("server_ts_p50_ms", LocalBench.F(LocalBench.Percentile(toServer, 50), "0.0")),
                new("server_ts_p99_ms", LocalBench.F(LocalBench.Percentile(toServer, 99), "0.0")),
                new("goal_p99_ms", "50"),
            ];
        }
    }
}
