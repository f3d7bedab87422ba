using Lyceum.Client;
using Lyceum.Local;

namespace Lyceum.Interactive.Tests.Infrastructure;

/// <summary>One Lyceum Local per test class, in its own temporary data folder on a free port; requirements install
/// offline from <see cref="WheelDirectory"/>.</summary>
public sealed class LocalServerFixture : IAsyncLifetime
{
    private LyceumLocalServer? _server;

    public LyceumLocalServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public string WheelDirectory { get; } = Directory.CreateTempSubdirectory("lyceum-wheels-").FullName;

    public async Task InitializeAsync() =>
        _server = await LyceumLocalServer.StartAsync(new LyceumLocalOptions { PipArgs = $"--no-index --find-links {WheelDirectory}" });

    /// <summary>A client signed in with the default account's API key.</summary>
    public LyceumClient NewClient() =>
        new(LyceumCredential.FromApiKey(Server.ApiKey), new LyceumClientOptions { Endpoint = Server.BaseUrl });

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        Directory.Delete(WheelDirectory, recursive: true);
    }
}
