using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Lyceum.Client.Diagnostics;

/// <summary>The SDK's one ActivitySource and one Meter (static, like the runtime's own instrumentation): listeners
/// subscribe by name once, whatever number of clients the application makes.</summary>
internal static class LyceumInstruments
{
    public static readonly string Version =
        (typeof(LyceumInstruments).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    public static readonly ActivitySource Source = new(LyceumTelemetry.Name, Version);

    public static readonly Meter Meter = new(LyceumTelemetry.Name, Version);

    public static readonly Counter<long> Requests =
        Meter.CreateCounter<long>(LyceumTelemetry.RequestsMetric, "{request}", "HTTP requests sent to the Lyceum API (every attempt)");

    public static readonly Histogram<double> RequestDuration =
        Meter.CreateHistogram<double>(LyceumTelemetry.RequestDurationMetric, "s", "Time from sending a request to its answer's headers");

    public static readonly Counter<long> Retries =
        Meter.CreateCounter<long>(LyceumTelemetry.RetriesMetric, "{retry}", "Requests sent again after a transient failure");

    public static readonly Counter<long> RateLimitWaits =
        Meter.CreateCounter<long>(LyceumTelemetry.RateLimitWaitsMetric, "{wait}", "Retries that waited because the service answered 429");

    public static readonly Counter<long> StreamReconnects =
        Meter.CreateCounter<long>(LyceumTelemetry.StreamReconnectsMetric, "{reconnect}", "Output streams reopened to resume after the last sequence number");

    public static readonly Counter<long> BytesTransferred =
        Meter.CreateCounter<long>(LyceumTelemetry.BytesTransferredMetric, "By", "File bytes moved by storage uploads and downloads");
}
