using System.Diagnostics;
using Lyceum.Client;
using Lyceum.Interactive;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace Lyceum.Benchmarks;

/// <summary>A sweep of 16 one-second runs at parallel 8 against Lyceum Local (max-concurrency 8), against the ideal:
/// two waves of 1 s plus the start overhead of a single run. <c>ratio_to_ideal</c> is the SDK's
/// <c>client.Executions.MapAsync</c> (the goal's measure since the scenario began); <c>notebook_*</c> is the same sweep
/// where users meet it, a notebook cell (<c>#!lyceum-python --sweep … --parallel 8</c> through the extension in a
/// kernel: the sweep scheduler, one run session per run, the prelude in every run), against single notebook cells.</summary>
internal sealed class SweepScenario : IBenchmarkScenario
{
    private const int Runs = 16;
    private const int Parallel = 8;
    private const int Rounds = 3;
    private const string Cell = "import time\ntime.sleep(1)\nprint('ok')";

    public string Name => "sweep";

    public string Description => "16 runs of a 1 s cell at parallel 8 (SDK MapAsync; notebook_*: a sweep cell): wall time / (2 waves x 1 s + one run's overhead), goal <= 1.3";

    public async Task<IReadOnlyList<KeyValuePair<string, string>>> RunAsync(CancellationToken cancellationToken)
    {
        var (server, client) = await LocalBench.StartAsync(Parallel, cancellationToken);
        await using (server)
        using (client)
        using (var kernel = new CompositeKernel())
        {
            LyceumKernelExtension.Load(kernel, client);
            await CellAsync(kernel, "#!lyceum-python\nprint('warm-up')", cancellationToken);
            await client.RunAsync(new PythonRunRequest("print('warm-up')"), cancellationToken: cancellationToken);

            var singles = new List<double>();
            var sdkSingles = new List<double>();
            for (var i = 0; i < Rounds; i++)
            {
                singles.Add(await CellAsync(kernel, $"#!lyceum-python\n{Cell}", cancellationToken));
                var clock = Stopwatch.StartNew();
                var result = await client.RunAsync(new PythonRunRequest(Cell), cancellationToken: cancellationToken);
                sdkSingles.Add(clock.Elapsed.TotalSeconds);
                if (!result.Succeeded)
                    throw new InvalidOperationException($"a single run failed: {result.Finished.Error}");
            }

            var sweeps = new List<double>();
            var sdkSweeps = new List<double>();
            for (var i = 0; i < Rounds; i++)
            {
                sweeps.Add(await CellAsync(kernel, $"#!lyceum-python --sweep lr={string.Join(',', Enumerable.Range(0, Runs))} --parallel {Parallel}\n{Cell}",
                    cancellationToken));
                sdkSweeps.Add(await SdkSweepOnceAsync(client, cancellationToken));
            }

            var (single, ideal, sweep) = Ratio(singles, sweeps);
            var (sdkSingle, sdkIdeal, sdkSweep) = Ratio(sdkSingles, sdkSweeps);
            return
            [
                new("runs", Runs.ToString()),
                new("parallel", Parallel.ToString()),
                new("single_run_s", LocalBench.F(sdkSingle)),
                new("ideal_s", LocalBench.F(sdkIdeal)),
                new("sweep_median_s", LocalBench.F(sdkSweep)),
                new("sweep_best_s", LocalBench.F(sdkSweeps.Min())),
                new("ratio_to_ideal", LocalBench.F(sdkSweep / sdkIdeal, "0.00")),
                new("notebook_single_run_s", LocalBench.F(single)),
                new("notebook_ideal_s", LocalBench.F(ideal)),
                new("notebook_sweep_median_s", LocalBench.F(sweep)),
                new("notebook_ratio_to_ideal", LocalBench.F(sweep / ideal, "0.00")),
                new("goal", "1.3"),
                new("within_goal", (sdkSweep / sdkIdeal <= 1.3).ToString().ToLowerInvariant()),
                new("notebook_within_goal", (sweep / ideal <= 1.3).ToString().ToLowerInvariant()),
            ];
        }
    }

    // Median single run, the ideal (two waves of 1 s plus one run's overhead), median sweep.
    private static (double Single, double Ideal, double Sweep) Ratio(List<double> singles, List<double> sweeps)
    {
        singles.Sort();
        sweeps.Sort();
        var single = LocalBench.Percentile(singles, 50);
        return (single, Math.Ceiling(Runs / (double)Parallel) * 1 + Math.Max(0, single - 1), LocalBench.Percentile(sweeps, 50));
    }

    /// <summary>Runs one notebook cell and returns its wall time; a failed cell fails the scenario.</summary>
    private static async Task<double> CellAsync(Kernel kernel, string code, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var result = await kernel.SendAsync(new SubmitCode(code), cancellationToken);
        var elapsed = clock.Elapsed.TotalSeconds;
        if (result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
            throw new InvalidOperationException($"the cell failed: {failed.Message}");
        return elapsed;
    }

    private static async Task<double> SdkSweepOnceAsync(LyceumClient client, CancellationToken cancellationToken)
    {
        var requests = Enumerable.Range(0, Runs).Select(i => new PythonRunRequest($"lr = {i}\n{Cell}")).ToList();
        var clock = Stopwatch.StartNew();
        var succeeded = 0;
        await foreach (var e in client.Executions.MapAsync(requests, new MapOptions { MaxParallelism = Parallel }, cancellationToken))
        {
            if (e.Event is ExecutionFinished { Succeeded: true })
                succeeded++;
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        if (succeeded != Runs)
            throw new InvalidOperationException($"only {succeeded} of {Runs} SDK sweep runs succeeded");
        return elapsed;
    }
}
