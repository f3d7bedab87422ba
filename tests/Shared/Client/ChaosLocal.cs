using Lyceum.Client;
using Lyceum.Local;

namespace Lyceum.Tests;

/// <summary>An in-process Lyceum Local behind two chaos proxies on 127.0.0.1: one for the API (left alone, only cut
/// on restarts) and one for the output streams (its streaming URLs point there, so faults strike streams only). It
/// can be restarted on the same data dir while runs stream. Linked into the test projects that reference both
/// Lyceum.Client and Lyceum.Local (the SDK's chaos suite and the extension's).</summary>
internal sealed class ChaosLocal : IAsyncDisposable
{
    /// <summary>The key of the default account (the same on every start).</summary>
    public const string ApiKey = "lk_local_chaos_0123456789";

    private readonly string _transport;
    private LyceumLocalServer _server;

    private ChaosLocal(string transport, LyceumLocalServer server, ChaosProxy api, ChaosProxy streams, string dataDirectory)
    {
        _transport = transport;
        _server = server;
        Api = api;
        Streams = streams;
        DataDirectory = dataDirectory;
    }

    public ChaosProxy Api { get; }

    public ChaosProxy Streams { get; }

    public string DataDirectory { get; }

    /// <summary>Starts Lyceum Local streaming over <paramref name="transport"/> (<c>ws</c> or <c>sse</c>).</summary>
    public static async Task<ChaosLocal> StartAsync(string transport)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "lyceum-chaos-" + Guid.NewGuid().ToString("N"));
        var api = new ChaosProxy(targetPort: 0);
        var streams = new ChaosProxy(targetPort: 0);
        var server = await StartServerAsync(transport, dataDirectory, streams);
        api.Retarget(server.BaseUrl.Port);
        streams.Retarget(server.BaseUrl.Port);
        return new ChaosLocal(transport, server, api, streams, dataDirectory);
    }

    /// <summary>Stream options that notice faults fast, so a suite of faulted runs stays short: a stall is noticed
    /// after 300 ms of silence (instead of 15 s) and reconnects start after 20 ms. Time is never waited on by the
    /// tests themselves.</summary>
    public static StreamOptions FastRecovery { get; } = new()
    {
        SilenceCheckInterval = TimeSpan.FromMilliseconds(300),
        ReconnectDelay = TimeSpan.FromMilliseconds(20),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(300),
        StatusPollInterval = TimeSpan.FromMilliseconds(100),
        KeepAliveInterval = TimeSpan.FromSeconds(1),
        KeepAliveTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>A client that talks to the service through the API proxy; its streams (with no options of their
    /// own, as the extension's) recover with <see cref="FastRecovery"/>.</summary>
    public LyceumClient CreateClient() => new(LyceumCredential.FromApiKey(ApiKey), new LyceumClientOptions
    {
        Endpoint = Api.Url,
        Stream = FastRecovery,
        NetworkTimeout = TimeSpan.FromSeconds(20),
        Retry = new LyceumRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200), MaxRetries = 6 },
    });

    /// <summary>Takes the server down mid-run (every connection cut, nothing answering), then starts it again on the
    /// same data dir behind the same proxies.</summary>
    public async Task RestartAsync()
    {
        Api.Retarget(0);
        Streams.Retarget(0);
        Api.CutAll();
        Streams.CutAll();
        await _server.DisposeAsync();
        _server = await StartServerAsync(_transport, DataDirectory, Streams);
        Api.Retarget(_server.BaseUrl.Port);
        Streams.Retarget(_server.BaseUrl.Port);
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Streams.DisposeAsync();
        await _server.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A run's folder may still be in use for a moment; the temp dir is the OS's to clean.
        }
    }

    private static Task<LyceumLocalServer> StartServerAsync(string transport, string dataDirectory, ChaosProxy streams) =>
        LyceumLocalServer.StartAsync(new LyceumLocalOptions
        {
            DataDirectory = dataDirectory,
            ApiKey = ApiKey,
            Stream = transport,
            PublicUrl = streams.Url.ToString(),
            RateLimits = false,
            MaxConcurrency = 4,
            FreeCredits = 1000m,
        });
}
