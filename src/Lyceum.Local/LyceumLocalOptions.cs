namespace Lyceum.Local;

/// <summary>How a <see cref="LyceumLocalServer"/> is started; every property has a working default.</summary>
public sealed class LyceumLocalOptions
{
    /// <summary>Folder for the database, files, run logs and virtual environments; a temporary one (deleted on dispose) when null.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>An API key registered for the default account (idempotent); a fresh <c>lk_local_…</c> key is made when null.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The default account's password; <see cref="LyceumLocalServer.DefaultPassword"/> when null.</summary>
    public string? Password { get; set; }

    /// <summary>The Python interpreter that runs code.</summary>
    public string Python { get; set; } = "python3";

    /// <summary>The default of <see cref="MaxConcurrency"/>: at least 8, so a sweep at <c>--parallel 8</c> runs all at once as it
    /// would on the cloud (each run there has its own machine; here they share the host's cores and run slower).</summary>
    public static int DefaultMaxConcurrency => Math.Max(8, Environment.ProcessorCount);

    /// <summary>How many runs execute at once; the others wait queued (<see cref="DefaultMaxConcurrency"/> by default).</summary>
    public int MaxConcurrency { get; set; } = DefaultMaxConcurrency;

    /// <summary>Extra <c>pip install</c> options, e.g. <c>--no-index --find-links /tmp/wheels</c>.</summary>
    public string? PipArgs { get; set; }

    /// <summary>
    /// How long a run's <c>requirements_content</c> install (virtual environment and <c>pip install</c>) may take. It does
    /// not count against the run's <c>timeout</c>, which is the code's own limit and starts with the code. 30 minutes.
    /// </summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Scheme of the streaming URLs handed out: <c>ws</c> (WebSocket) or <c>sse</c> (http, Server-Sent Events).</summary>
    public string Stream { get; set; } = "ws";

    /// <summary>Whether the documented per-category rate limits apply.</summary>
    public bool RateLimits { get; set; } = true;

    /// <summary>Monthly free credits of every account (USD).</summary>
    public decimal FreeCredits { get; set; } = 20m;

    /// <summary>
    /// The base the URLs handed out (streaming URLs, checkout pages) are built on, e.g. <c>https://lyceum.example.com</c> behind a
    /// reverse proxy; the listening address when null. The request's Host header is never used.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Silence after which a run's stream sends a keep-alive: a <c>: keep-alive</c> comment over SSE, a ping over a WebSocket
    /// (15 s by default; clients and proxies give up on silent connections).
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The server's clock: run timeouts, key and token expiry, timestamps, cost accrual, stream keep-alives, S3 credential
    /// expiry and S3 signature skew checks (tests pass a fake one).
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Whether <c>/api/v1/stream/{id}</c> (the official CLI's <c>logs</c>) needs a bearer. Off by default because CLI builds
    /// 1.0.25–1.0.26 read it without one; then the run id, a random UUID handed only to its owner, is what protects it.
    /// </summary>
    public bool LogStreamNeedsBearer { get; set; }

    /// <summary>Kestrel URLs; default <c>http://127.0.0.1:0</c> (a free loopback port).</summary>
    public string? Urls { get; set; }

    /// <summary>The container runtime for image runs; image runs answer 503 when null.</summary>
    public ContainerRuntimeOptions? ContainerRuntime { get; set; }

    /// <summary>
    /// Receives server log lines (never secrets): request lines with tokens taken out of the paths, run lifecycle events,
    /// errors with their exception. Nothing is logged when null.
    /// </summary>
    public Action<string>? Log { get; set; }

    /// <summary>The least severe entries <see cref="Log"/> receives; <see cref="LogLevel.Information"/> includes one line per request.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Information;


    /// <summary>Storage quota per account in bytes (uploads beyond answer 413).</summary>
    public long StorageQuotaBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    /// <summary>How long credentials from POST /storage/credentials stay valid (default one hour).</summary>
    public TimeSpan S3CredentialLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Prices (USD per hour of run time) overriding the catalogue's, by machine type, e.g. <c>cpu = 0.25</c>. Runs are billed
    /// price × seconds (rounded up).
    /// </summary>
    public IDictionary<string, decimal> Prices { get; set; } = new Dictionary<string, decimal>(StringComparer.Ordinal);

    /// <summary>The machine catalogue file (JSON); <c>DATA/machines.json</c>, written with defaults when missing, when null.</summary>
    public string? MachinesFile { get; set; }
}
