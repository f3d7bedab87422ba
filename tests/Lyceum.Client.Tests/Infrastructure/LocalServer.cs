using Lyceum.Local;

namespace Lyceum.Client.Tests.Infrastructure;

/// <summary>A Lyceum Local on a free loopback port in its own temporary data folder, and clients for it.</summary>
public sealed class LocalServer : IAsyncLifetime
{
    private LyceumLocalServer? _server;

    /// <summary>The running server.</summary>
    public LyceumLocalServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

    /// <summary>Starts a server with its own data folder; eight runs at once, rate limits as configured.</summary>
    public static async Task<LocalServer> StartAsync(Action<LyceumLocalOptions>? configure = null)
    {
        var server = new LocalServer();
        await server.StartCoreAsync(configure);
        return server;
    }

    /// <summary>A client signed in with the default account's key.</summary>
    public LyceumClient NewClient(Action<LyceumClientOptions>? configure = null)
    {
        var options = new LyceumClientOptions { Endpoint = Server.BaseUrl };
        configure?.Invoke(options);
        return new LyceumClient(LyceumCredential.FromApiKey(Server.ApiKey), options);
    }

    Task IAsyncLifetime.InitializeAsync() => StartCoreAsync(o => o.RateLimits = false);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }

    private async Task StartCoreAsync(Action<LyceumLocalOptions>? configure)
    {
        var options = new LyceumLocalOptions { MaxConcurrency = 8 };
        configure?.Invoke(options);
        _server = await LyceumLocalServer.StartAsync(options);
    }
}
