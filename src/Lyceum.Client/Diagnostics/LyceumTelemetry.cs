namespace Lyceum.Client.Diagnostics;

/// <summary>
/// The names under which the SDK reports what it does, for OpenTelemetry and other listeners:
/// <c>builder.AddSource(LyceumTelemetry.Name)</c> and <c>builder.AddMeter(LyceumTelemetry.Name)</c>.
/// Logs go to the <see cref="Microsoft.Extensions.Logging.ILoggerFactory"/> given in
/// <see cref="LyceumClientOptions.LoggerFactory"/>, under the category <see cref="Name"/>.
/// </summary>
public static class LyceumTelemetry
{
    /// <summary>The name of the SDK's <see cref="System.Diagnostics.ActivitySource"/>, its
    /// <see cref="System.Diagnostics.Metrics.Meter"/> and its log category: <c>Lyceum.Client</c>.</summary>
    public const string Name = "Lyceum.Client";

    /// <summary>Counter of HTTP requests sent (every attempt), tagged with method, operation, status code or error type.</summary>
    public const string RequestsMetric = "lyceum.client.requests";

    /// <summary>Histogram of the time each HTTP attempt took until its answer's headers (seconds).</summary>
    public const string RequestDurationMetric = "lyceum.client.request.duration";

    /// <summary>Counter of requests sent again after a transient failure (including rate-limit waits).</summary>
    public const string RetriesMetric = "lyceum.client.retries";

    /// <summary>Counter of waits the service asked for with HTTP 429 and <c>Retry-After</c> before a retry.</summary>
    public const string RateLimitWaitsMetric = "lyceum.client.rate_limit.waits";

    /// <summary>Counter of output streams reopened to resume after the last sequence number received.</summary>
    public const string StreamReconnectsMetric = "lyceum.client.stream.reconnects";

    /// <summary>Counter of file bytes moved by storage uploads and downloads, tagged <c>lyceum.transfer.direction</c>.</summary>
    public const string BytesTransferredMetric = "lyceum.client.bytes_transferred";
}
