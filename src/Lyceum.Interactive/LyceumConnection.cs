using Lyceum.Client;
using Lyceum.Interactive.Budgets;

namespace Lyceum.Interactive;

/// <summary>The notebook's signed-in client (or none), and what is cached about its account for completions.</summary>
internal sealed class LyceumConnection : IDisposable
{
    private static readonly TimeSpan KeyCacheLifetime = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private LyceumClient? _client;
    private bool _ownsClient;
    private Task<IReadOnlyList<string>>? _machines;
    private (LyceumClient Client, Task<PriceList> Prices)? _prices;
    private (DateTimeOffset At, IReadOnlyList<string> Keys)? _keys;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, KnownRun> _runs = new(StringComparer.Ordinal);

    public LyceumConnection(LyceumClient? client, bool ownsClient, TimeProvider? time = null)
    {
        _client = client;
        _ownsClient = ownsClient;
        Time = time ?? TimeProvider.System;
    }

    /// <summary>The clock everything time-driven in the notebook uses (batching, cards, caches, time limits).</summary>
    public TimeProvider Time { get; }

    /// <summary>The client, or null when nobody is logged in.</summary>
    public LyceumClient? Client
    {
        get { lock (_gate) return _client; }
    }

    /// <summary>This notebook session's budget and spend (<c>#!lyceum config --budget</c>, <c>#!lyceum status</c>).</summary>
    public SessionBudget Budget { get; } = new();

    /// <summary>The machine prices, read once per client; empty (unknown) when the service publishes none or cannot be asked.</summary>
    public Task<PriceList> PricesAsync(CancellationToken cancellationToken)
    {
        var client = Require();
        lock (_gate)
        {
            if (_prices is { } cached && ReferenceEquals(cached.Client, client) && !cached.Prices.IsFaulted && !cached.Prices.IsCanceled)
                return cached.Prices;
            var prices = PriceList.LoadAsync(client, cancellationToken);
            _prices = (client, prices);
            return prices;
        }
    }

    /// <summary>The account's email, when the login said it.</summary>
    public string? Email { get; private set; }

    /// <summary>The service of the last client used, kept after a logout so the next login and status go there.</summary>
    public Uri? LastEndpoint { get; private set; }

    /// <summary>The client, or a failure that tells the user how to log in.</summary>
    public LyceumClient Require() => Client ?? throw new LyceumCommandException(EnvironmentCredential.Variable is { } variable
        ? $"Not logged in to Lyceum (this notebook logged out). Run #!lyceum login to sign in again with {variable}, or give --api-key."
        : "Not logged in to Lyceum. Run #!lyceum login --api-key @password:\"Lyceum API key\" "
          + "(or --email you@example.com --password @password:\"Password\"), or set LYCEUM_API_KEY before starting the notebook.");

    /// <summary>Switches to a new client (after login); the previous one is disposed if this connection made it.</summary>
    public void Use(LyceumClient client, string? email, bool owns)
    {
        LyceumClient? old;
        bool ownedOld;
        lock (_gate)
        {
            (old, ownedOld) = (_client, _ownsClient);
            (_client, _ownsClient) = (client, owns);
            Email = email;
            _machines = null;
            _keys = null;
        }
        if (ownedOld && !ReferenceEquals(old, client))
            old?.Dispose();
    }

    /// <summary>Forgets the client (logout).</summary>
    public bool Forget()
    {
        LyceumClient? old;
        bool owned;
        lock (_gate)
        {
            (old, owned) = (_client, _ownsClient);
            LastEndpoint = old?.Endpoint ?? LastEndpoint;
            (_client, _ownsClient, Email, _machines, _keys) = (null, false, null, null, null);
        }
        if (owned)
            old?.Dispose();
        return old is not null;
    }

    /// <summary>The machine types this account may use, asked once per login; empty when not logged in or unreachable.</summary>
    public async Task<IReadOnlyList<string>> MachinesAsync()
    {
        Task<IReadOnlyList<string>> task;
        lock (_gate)
        {
            if (_client is null)
                return [];
            task = _machines ??= _client.GetAvailableHardwareAsync();
        }
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is LyceumException or TaskCanceledException)
        {
            lock (_gate)
            {
                if (ReferenceEquals(_machines, task))
                    _machines = null;
            }
            return [];
        }
    }

    /// <summary>Storage keys for completions, cached briefly; empty when not logged in or unreachable.</summary>
    public async Task<IReadOnlyList<string>> StorageKeysAsync()
    {
        var client = Client;
        if (client is null)
            return [];
        if (_keys is { } cached && Time.GetUtcNow() - cached.At < KeyCacheLifetime)
            return cached.Keys;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), Time);
            var files = await client.Storage.ListAsync(cancellationToken: timeout.Token).ConfigureAwait(false);
            var keys = files.Select(f => f.Key).ToList();
            _keys = (Time.GetUtcNow(), keys);
            return keys;
        }
        catch (Exception e) when (e is LyceumException or OperationCanceledException)
        {
            return [];
        }
    }

    /// <summary>Remembers a run this notebook started, so <c>#!lyceum attach</c> can open its stream and decode its frames.</summary>
    /// <param name="run">The started run.</param>
    /// <param name="nonce">The prelude's frame nonce of a cell's run; null for other runs.</param>
    public ExecutionStarted Remember(ExecutionStarted run, string? nonce)
    {
        _runs[run.ExecutionId] = new KnownRun(run, nonce);
        return run;
    }

    /// <summary>A run this notebook started, by id.</summary>
    public KnownRun? FindRun(string executionId) => _runs.TryGetValue(executionId, out var run) ? run : null;

    /// <summary>Call after a storage change so completions show it.</summary>
    public void StorageChanged() => _keys = null;

    public void Dispose() => Forget();
}
