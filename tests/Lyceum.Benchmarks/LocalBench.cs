using System.Globalization;
using Lyceum.Client;
using Lyceum.Local;

namespace Lyceum.Benchmarks;

/// <summary>Shared pieces of the Lyceum Local scenarios: an in-process server with a client, and percentiles.</summary>
internal static class LocalBench
{
    public static async Task<(LyceumLocalServer Server, LyceumClient Client)> StartAsync(int maxConcurrency, CancellationToken cancellationToken)
    {
        var server = await LyceumLocalServer.StartAsync(new LyceumLocalOptions { MaxConcurrency = maxConcurrency, RateLimits = false }, cancellationToken);
        var client = new LyceumClient(LyceumCredential.FromApiKey(server.ApiKey), new LyceumClientOptions { Endpoint = server.BaseUrl });
        return (server, client);
    }

    /// <summary>
    /// Waits until the tiered JIT stops compiling (no new method for half a second, at most 15 s): the warm-up makes the
    /// transfer paths hot, and their optimized recompilation would otherwise run on the cores the measurement uses.
    /// </summary>
    public static async Task JitSettledAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(500, cancellationToken);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now == compiled)
                return;
            compiled = now;
        }
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string F(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);
}
