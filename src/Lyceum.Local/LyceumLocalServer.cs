using System.Text.Json;
using Lyceum.Local.Auth;
using Lyceum.Local.Billing;
using Lyceum.Local.Data;
using Lyceum.Local.Endpoints;
using Lyceum.Local.Errors;
using Lyceum.Local.Execution;
using Lyceum.Local.Hosting;
using Lyceum.Local.Limits;
using Lyceum.Local.Logging;
using Lyceum.Local.S3;
using Lyceum.Local.Storage;
using Lyceum.Local.Streaming;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Lyceum.Local;

/// <summary>
/// Lyceum Local: a self-hosted server of the Lyceum API v2, hostable in-process (tests, the runner) or from the command line.
/// </summary>
public sealed class LyceumLocalServer : IAsyncDisposable
{
    /// <summary>The API's base path.</summary>
    public const string BasePath = "/api/v2/external";

    /// <summary>The default account's login.</summary>
    public const string DefaultEmail = "local@lyceum.local";

    /// <summary>The default account's password when none is given.</summary>
    public const string DefaultPassword = "lyceum-local";

    private readonly WebApplication _app;
    private readonly RunManager _runs;
    private readonly Database _database;
    private readonly bool _temporary;
    private int _disposed;
    private ILoggerFactory? _loggerFactory;

    private LyceumLocalServer(WebApplication app, RunManager runs, Database database, Uri baseUrl, string apiKey, string password, string dataDirectory, bool temporary, string? generatedKey)
    {
        _app = app;
        _runs = runs;
        _database = database;
        BaseUrl = baseUrl;
        ApiKey = apiKey;
        Password = password;
        DataDirectory = dataDirectory;
        _temporary = temporary;
        GeneratedApiKey = generatedKey;
    }

    /// <summary>The API base, <c>http://127.0.0.1:PORT/api/v2/external</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The S3 endpoint (path-style), <c>http://127.0.0.1:PORT/s3</c>; credentials come from POST /storage/credentials.</summary>
    public Uri S3Url { get; private init; } = null!;

    /// <summary>The default account's API key (the one given, or one made for this start).</summary>
    public string ApiKey { get; }

    /// <summary>The default account's login.</summary>
    public string Email => DefaultEmail;

    /// <summary>The default account's password.</summary>
    public string Password { get; }

    /// <summary>The data folder (database, files, run logs, environments).</summary>
    public string DataDirectory { get; }

    /// <summary>The key made at this start because none was given (printed once by the command line), else null.</summary>
    internal string? GeneratedApiKey { get; }

    /// <summary>Starts the server; returns once it accepts requests.</summary>
    public static Task<LyceumLocalServer> StartAsync(LyceumLocalOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(options ?? new LyceumLocalOptions(), reuseExistingKeys: false, cancellationToken);

    /// <summary>
    /// Starts the server. With <paramref name="reuseExistingKeys"/> (the command line) no key is made when the account already has one;
    /// in-process hosts always get a usable key.
    /// </summary>
    internal static async Task<LyceumLocalServer> StartAsync(LyceumLocalOptions options, bool reuseExistingKeys, CancellationToken cancellationToken = default)
    {
        var stream = options.Stream.Trim().ToLowerInvariant();
        if (stream is not ("ws" or "sse"))
            throw new ArgumentException($"Stream must be 'ws' or 'sse', not '{options.Stream}'.", nameof(options));
        if (options.S3CredentialLifetime < TimeSpan.FromMinutes(1))
            throw new ArgumentException("S3CredentialLifetime must be at least one minute.", nameof(options));
        if (options.MaxConcurrency < 1)
            throw new ArgumentException("MaxConcurrency must be at least 1.", nameof(options));
        if (options.KeepAliveInterval <= TimeSpan.Zero)
            throw new ArgumentException("KeepAliveInterval must be positive (--keep-alive SECONDS).", nameof(options));
        Uri? publicRoot = null;
        if (options.PublicUrl is { } publicUrl)
        {
            (publicRoot, var problem) = PublicAddress.Parse(publicUrl);
            if (problem is not null)
                throw new ArgumentException(problem, nameof(options));
        }
        var publicAddress = new PublicAddress();

        var temporary = options.DataDirectory is null;
        var dataDirectory = Path.GetFullPath(options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "lyceum-local-" + Guid.NewGuid().ToString("N")));
        var loggerFactory = LoggerFactory.Create(logging => ConfigureLogging(logging, options));
        var logger = loggerFactory.CreateLogger<LyceumLocalServer>();
        var time = options.TimeProvider;
        PrivateFiles.CreateFolder(dataDirectory);
        foreach (var folder in new[] { "runs", "storage", "venvs", "tmp" })
            PrivateFiles.CreateFolder(Path.Combine(dataDirectory, folder));

        var databaseFile = Path.Combine(dataDirectory, "lyceum.db");
        PrivateFiles.Touch(databaseFile);
        var db = new Database(databaseFile);
        await db.InitializeAsync(cancellationToken);
        var accounts = new AccountStore(db);
        var keys = new ApiKeyStore(db);
        var ledger = new Ledger(db, options.FreeCredits, time);
        var runStore = new RunStore(db);
        await db.ExecuteAsync(S3Schema.Sql, cancellationToken: cancellationToken);
        await db.AddMissingColumnsAsync(S3Schema.AddedColumns, cancellationToken);
        var multipart = new MultipartStore(db, Path.Combine(dataDirectory, "multipart"));
        await multipart.CleanAsync(cancellationToken);
        var s3Endpoint = new S3Endpoint(publicAddress, options.TimeProvider, options.S3CredentialLifetime);
        var s3Credentials = new S3CredentialStore(db, Path.Combine(dataDirectory, "s3-credentials.key"));
        var files = new FileStore(db, Path.Combine(dataDirectory, "storage"), Path.Combine(dataDirectory, "tmp"), options.StorageQuotaBytes, multipart.PendingBytesAsync);
        files.CleanTemp();
        var machines = new MachineCatalogue(options.MachinesFile ?? Path.Combine(dataDirectory, "machines.json"), options.Prices.AsReadOnly());
        var runs = new RunManager(runStore, ledger, Path.Combine(dataDirectory, "runs"), options.MaxConcurrency, time, loggerFactory.CreateLogger<RunManager>());
        var containers = new ContainerRuntime(options.ContainerRuntime);
        await runStore.HashClearStreamTokensAsync(cancellationToken);
        await runs.RecoverAsync(containers.Options is null ? null : containers, cancellationToken);

        var password = options.Password ?? DefaultPassword;
        var account = await accounts.EnsureAsync(DefaultEmail, options.Password, DefaultPassword, cancellationToken);
        string apiKey;
        string? generated = null;
        if (options.ApiKey is { } given)
        {
            if (!given.StartsWith("lk_", StringComparison.Ordinal) || given.Length < 12)
                throw new ArgumentException("The API key must start with 'lk_' and be at least 12 characters, e.g. lk_local_devkey123.", nameof(options));
            await keys.RegisterAsync(account.Id, "lyceum-local", given, null, cancellationToken);
            apiKey = given;
        }
        else if (reuseExistingKeys && await keys.CountAsync(account.Id, cancellationToken) > 0)
            apiKey = "";
        else
        {
            const string embeddedName = "lyceum-local-generated";
            if (!reuseExistingKeys)
                await keys.DeleteByNameAsync(account.Id, embeddedName, cancellationToken);
            (_, apiKey) = await keys.CreateAsync(account.Id, embeddedName, null, "lk_local_", cancellationToken);
            generated = apiKey;
        }

        var tokenService = new TokenService(Path.Combine(dataDirectory, "jwt-signing.key"), time);
        // Older data dirs were world-readable; what this start created is tightened along with them.
        PrivateFiles.Tighten(dataDirectory, "storage", "runs", "tmp");

        // No reloading of appsettings files: it would watch the whole content root (the data dir) and wake a thread on
        // every write of a stored object, a run log or the database.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = dataDirectory, Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        ConfigureLogging(builder.Logging, options);
        builder.WebHost.UseUrls(options.Urls ?? "http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var python = new PythonInterpreter(options.Python);
        var settings = new LocalSettings(dataDirectory, options.Python, stream, options.RateLimits, options.KeepAliveInterval, options.TimeProvider,
            options.LogStreamNeedsBearer);
        var services = builder.Services;
        services.AddSingleton(db).AddSingleton(accounts).AddSingleton(keys).AddSingleton(ledger).AddSingleton(runStore).AddSingleton(files)
            .AddSingleton(machines).AddSingleton(runs).AddSingleton(settings).AddSingleton(publicAddress)
            .AddSingleton(time)
            .AddSingleton(new RefreshTokenStore(db, time))
            .AddSingleton(tokenService)
            .AddSingleton(python)
            .AddSingleton(new VenvCache(Path.Combine(dataDirectory, "venvs"), python, options.PipArgs, options.InstallTimeout))
            .AddSingleton(containers)
            .AddSingleton(new CheckoutStore(db, ledger))
            .AddSingleton(multipart).AddSingleton(s3Endpoint).AddSingleton(s3Credentials)
            .AddSingleton(new SigV4Verifier(s3Credentials, options.TimeProvider));
        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        services.AddLyceumRateLimits(options.RateLimits, time);
        services.AddHttpLogging(http =>
        {
            http.LoggingFields = RedactingHttpLogging.Fields;
            http.CombineLogs = true;
        });
        services.AddHttpLoggingInterceptor<RedactingHttpLogging>();

        var app = builder.Build();
        app.UseHttpLogging();
        var s3Logger = loggerFactory.CreateLogger("Lyceum.Local.S3");
        app.MapS3(line => s3Logger.LogWarning("{Line}", line));
        app.UseLyceumErrorShape(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Lyceum.Local.Errors"));
        // Pings (not just unsolicited pongs, which is all KeepAliveInterval alone sends) keep quiet sockets alive through
        // proxies; a peer that does not answer within the timeout is gone.
        app.UseWebSockets(new WebSocketOptions
        {
            KeepAliveInterval = options.KeepAliveInterval,
            KeepAliveTimeout = TimeSpan.FromTicks(Math.Max(options.KeepAliveInterval.Ticks * 2, TimeSpan.FromSeconds(30).Ticks)),
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseLyceumRateLimits(options.RateLimits);
        app.UseAuthorization();
        var api = app.MapGroup(BasePath);
        api.MapHealthEndpoints().MapAuthEndpoints().MapUserEndpoints().MapMachineEndpoints().MapExecutionEndpoints().MapStreamEndpoints()
            .MapStorageEndpoints().MapBillingEndpoints();
        app.MapCheckoutPages();
        app.MapLogStreamEndpoints();

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await runs.DisposeAsync();
            await app.DisposeAsync();
            loggerFactory.Dispose();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).OrderBy(a => a.Scheme == "http" ? 0 : 1).First();
        var host = address.Host is "0.0.0.0" or "[::]" or "+" or "*" ? "127.0.0.1" : address.Host;
        var baseUrl = new Uri($"{address.Scheme}://{host}:{address.Port}{BasePath}");
        publicAddress.Resolve(publicRoot, new Uri($"{address.Scheme}://{host}:{address.Port}"));
        logger.LogInformation("Lyceum Local started at {BaseUrl} with data in {DataDirectory}", baseUrl, dataDirectory);
        return new LyceumLocalServer(app, runs, db, baseUrl, apiKey, password, dataDirectory, temporary, generated) { _loggerFactory = loggerFactory, S3Url = s3Endpoint.Url };
    }

    /// <summary>
    /// One configuration for the server's own logger factory (start-up, runs) and ASP.NET Core's: the chosen level for
    /// Lyceum Local and the request lines, warnings and worse from the rest of the framework.
    /// </summary>
    private static void ConfigureLogging(ILoggingBuilder logging, LyceumLocalOptions options)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(options.LogLevel);
        logging.AddFilter("Microsoft", (LogLevel)Math.Max((int)options.LogLevel, (int)LogLevel.Warning));
        logging.AddFilter("Microsoft.AspNetCore.HttpLogging", options.LogLevel);
        if (options.Log is { } log)
            logging.AddProvider(new LineLoggerProvider(log));
    }

    /// <summary>Kills live runs (marking them system_failure), stops the server, and deletes a temporary data dir.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _runs.DisposeAsync();
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Open streams are cut.
            }
        }
        await _app.DisposeAsync();
        _loggerFactory?.Dispose();
        _database.ClearPool();
        if (_temporary)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A process of a killed run may still hold a file; the folder is in the temp dir anyway.
            }
            catch (UnauthorizedAccessException)
            {
                // Same.
            }
        }
    }
}
