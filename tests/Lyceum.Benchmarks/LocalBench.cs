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

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string F(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);
}
