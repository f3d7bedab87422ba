using System.Diagnostics;
using Lyceum.Client;

namespace Lyceum.Benchmarks;

/// <summary>50 one-second runs submitted at once to Lyceum Local with --max-concurrency 8; wall time against the ideal 50/8 s.</summary>
internal sealed class ConcurrencyScenario : IBenchmarkScenario
{
    private const int Runs = 50;
    private const int Slots = 8;

    public string Name => "concurrency";

    public string Description => "50 runs of a 1 s sleep at once, max-concurrency 8: wall time / (50/8 s), goal <= 1.3";

    public async Task<IReadOnlyList<KeyValuePair<string, string>>> RunAsync(CancellationToken cancellationToken)
    {
        var (server, client) = await LocalBench.StartAsync(Slots, cancellationToken);
        await using (server)
        using (client)
        {
            var clock = Stopwatch.StartNew();
            var results = await Task.WhenAll(Enumerable.Range(0, Runs).Select(_ =>
                client.RunAsync(new PythonRunRequest("import time; time.sleep(1); print('ok')"), cancellationToken: cancellationToken)));
            var wall = clock.Elapsed.TotalSeconds;
            var complete = results.Count(r => r.Succeeded && r.Stdout == "ok\n");
            var ideal = Runs / (double)Slots;
            // Time inside the runs (process start to exit) versus around them shows where overhead goes.
            var inside = results.Select(r => r.Finished.Duration?.TotalSeconds ?? double.NaN).Average();
            return
            [
                new("runs", Runs.ToString()),
                new("completed_with_output", complete.ToString()),
                new("wall_s", LocalBench.F(wall)),
                new("ideal_s", LocalBench.F(ideal)),
                new("ratio", LocalBench.F(wall / ideal)),
                new("mean_run_s", LocalBench.F(inside)),
                new("waves_floor_s", LocalBench.F(Math.Ceiling(Runs / (double)Slots) * inside)),
                new("goal", "1.3"),
            ];
        }
    }
}
