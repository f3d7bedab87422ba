using System.Diagnostics;
using Lyceum.Client;

namespace Lyceum.Benchmarks;

/// <summary><c>print('hi')</c> start-to-finished through Lyceum.Client against Lyceum Local, versus python3 run directly (medians of 15).</summary>
internal sealed class HelloScenario : IBenchmarkScenario
{
    private const int Rounds = 15;

    public string Name => "hello";

    public string Description => "print('hi') through Lyceum.Client + Lyceum Local vs python3 -c directly (goal <= 1.5x + 50 ms)";

    private static async Task<string> RunPythonAsync(string python, string code, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo(python, ["-c", code]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return output;
    }

    public async Task<IReadOnlyList<KeyValuePair<string, string>>> RunAsync(CancellationToken cancellationToken)
    {
        var (server, client) = await LocalBench.StartAsync(2, cancellationToken);
        await using (server)
        using (client)
        {
            await client.RunAsync(new PythonRunRequest("print('warm-up')"), cancellationToken: cancellationToken);
            // python3 on PATH may be a launcher script (pyenv); Lyceum Local resolves it once, so also time the real executable.
            var real = (await RunPythonAsync("python3", "import sys; print(sys.executable)", cancellationToken)).Trim();
            var viaLocal = new List<double>();
            var direct = new List<double>();
            var directReal = new List<double>();
            for (var i = 0; i < Rounds; i++)
            {
                var clock = Stopwatch.StartNew();
                var result = await client.RunAsync(new PythonRunRequest("print('hi')"), cancellationToken: cancellationToken);
                viaLocal.Add(clock.Elapsed.TotalMilliseconds);
                if (result.Stdout != "hi\n")
                    throw new InvalidOperationException($"unexpected output '{result.Stdout}'");

                clock.Restart();
                await RunPythonAsync("python3", "print('hi')", cancellationToken);
                direct.Add(clock.Elapsed.TotalMilliseconds);

                clock.Restart();
                await RunPythonAsync(real, "print('hi')", cancellationToken);
                directReal.Add(clock.Elapsed.TotalMilliseconds);
            }
            viaLocal.Sort();
            direct.Sort();
            directReal.Sort();
            var local = LocalBench.Percentile(viaLocal, 50);
            var baseline = LocalBench.Percentile(direct, 50);
            var realBaseline = LocalBench.Percentile(directReal, 50);
            return
            [
                new("local_ms", LocalBench.F(local, "0.0")),
                new("direct_ms", LocalBench.F(baseline, "0.0")),
                new("ratio", LocalBench.F(local / baseline, "0.00")),
                new("goal_ms", LocalBench.F(1.5 * baseline + 50, "0.0")),
                new("within_goal", (local <= 1.5 * baseline + 50).ToString().ToLowerInvariant()),
                new("direct_executable_ms", LocalBench.F(realBaseline, "0.0")),
                new("ratio_to_executable", LocalBench.F(local / realBaseline, "0.00")),
                new("within_goal_vs_executable", (local <= 1.5 * realBaseline + 50).ToString().ToLowerInvariant()),
            ];
        }
    }
}
