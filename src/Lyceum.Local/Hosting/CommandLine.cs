using System.Globalization;

namespace Lyceum.Local.Hosting;

/// <summary>The command line of Lyceum Local: parsed into <see cref="LyceumLocalOptions"/>, with a usage text.</summary>
internal static class CommandLine
{
    public const string Usage = """
        Lyceum Local: a self-hosted server of the Lyceum API v2 (runs code with YOUR user's rights; it is not a sandbox).

        usage: dotnet run --project src/Lyceum.Local -- [options]

          --urls URL                 where to listen (default http://127.0.0.1:5000; use port 0 for a free one)
          --public-url URL           the base of the URLs handed out (streaming URLs, checkout pages), e.g. behind a
                                     reverse proxy (default: the listening address; never the request's Host header)
          --data-dir DIR             database, files, run logs, environments (default ./.lyceum-local)
          --api-key lk_…             register this key for the default account (idempotent); without it a key is
                                     made and printed once, on the first start
          --password PASSWORD        the default account's password (default lyceum-local)
          --python PATH              the Python interpreter for runs (default python3)
          --max-concurrency N        runs executing at once; the others wait queued (default: 8, or the number of cores if more)
          --pip-args "ARGS"          extra pip install options, e.g. "--no-index --find-links /wheels"
          --install-timeout SECONDS  limit of a run's requirements install (venv + pip), apart from the run's own
                                     timeout, which starts with the code (default 1800)
          --stream ws|sse            scheme of the streaming_url handed out (default ws; both are served)
          --keep-alive SECONDS       silence after which a run's stream sends a keep-alive (SSE ': keep-alive' comment,
                                     WebSocket ping); default 15
          --log-stream-needs-bearer  refuse /api/v1/stream/{id} (the official CLI's logs) without a bearer; by default the
                                     run id, a random UUID only its owner gets, is enough (CLI 1.0.25/26 send no bearer)
          --no-rate-limits           turn the documented per-category rate limits off
          --free-credits N           monthly free credits per account in USD (default 20)
          --storage-quota BYTES      storage quota per account (default 10737418240)
          --price NAME=USD           price per hour of a machine type (repeatable), e.g. --price cpu=0.25; runs are billed
                                     price × seconds; the catalogue's prices otherwise (cpu 0.10, gpu.a100 2.50, …)
          --machines FILE            machine catalogue JSON (default DATA/machines.json, written with defaults)
          --container-cli CLI        docker or podman for image runs (default: none, image runs answer 503)
          --container-global-arg A   an argument before 'run' (repeatable), e.g. --runtime=/usr/sbin/runc
          --container-run-arg A      an argument after 'run' (repeatable), e.g. --network=none
          --compose-cli CLI          podman-compose for compose runs (default: podman-compose on PATH with --container-cli
                                     podman; without one compose runs answer 503)
          --container-env NAME=VALUE environment for the container CLI (repeatable), e.g. CONTAINERS_CONF=/etc/c.conf
          --log-level LEVEL          what goes to stderr: trace, debug, information (default: one line per request),
                                     warning, error, critical or none; secrets and stream tokens are never logged
          --help                     this text

        Environment: LYCEUM_LOCAL_API_KEY and LYCEUM_LOCAL_PASSWORD stand in for --api-key and --password, which
        other users of the machine can read from the process list; the command line wins when both are given.

        Default account: local@lyceum.local / lyceum-local. Stop with Ctrl-C or SIGTERM.
        """;

    /// <summary>The variable read when <c>--api-key</c> is not given.</summary>
    public const string ApiKeyVariable = "LYCEUM_LOCAL_API_KEY";

    /// <summary>The variable read when <c>--password</c> is not given.</summary>
    public const string PasswordVariable = "LYCEUM_LOCAL_PASSWORD";

    /// <summary>The options, or an error message, or help.</summary>
    public static (LyceumLocalOptions? Options, string? Error, bool Help) Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var options = new LyceumLocalOptions
        {
            Urls = "http://127.0.0.1:5000",
            DataDirectory = ".lyceum-local",
            ApiKey = NullIfEmpty(environment(ApiKeyVariable)),
            Password = NullIfEmpty(environment(PasswordVariable)),
        };
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var equals = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 2)
            {
                inline = arg[(equals + 1)..];
                arg = arg[..equals];
            }
            string Value()
            {
                if (inline is not null)
                    return inline;
                if (i + 1 >= args.Count)
                    throw new FormatException($"{arg} needs a value; see --help.");
                return args[++i];
            }
            try
            {
                switch (arg)
                {
                    case "--help" or "-h" or "-?": return (null, null, true);
                    case "--urls": options.Urls = Value(); break;
                    case "--data-dir": options.DataDirectory = Value(); break;
                    case "--public-url":
                        options.PublicUrl = Value();
                        if (PublicAddress.Parse(options.PublicUrl).Problem is { } problem)
                            throw new FormatException(problem);
                        break;
                    case "--api-key": options.ApiKey = Value(); break;
                    case "--password": options.Password = Value(); break;
                    case "--python": options.Python = Value(); break;
                    case "--max-concurrency": options.MaxConcurrency = PositiveInt(arg, Value()); break;
                    case "--pip-args": options.PipArgs = Value(); break;
                    case "--install-timeout": options.InstallTimeout = TimeSpan.FromSeconds(PositiveInt(arg, Value())); break;
                    case "--stream":
                        options.Stream = Value().ToLowerInvariant();
                        if (options.Stream is not ("ws" or "sse"))
                            throw new FormatException("--stream must be ws or sse.");
                        break;
                    case "--no-rate-limits": options.RateLimits = false; break;
                    case "--keep-alive":
                        options.KeepAliveInterval = double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                            && seconds >= 0.01 && seconds <= 3600
                            ? TimeSpan.FromSeconds(seconds)
                            : throw new FormatException("--keep-alive must be a number of seconds between 0.01 and 3600, e.g. 15.");
                        break;
                    case "--log-stream-needs-bearer": options.LogStreamNeedsBearer = true; break;
                    case "--free-credits":
                        options.FreeCredits = decimal.TryParse(Value(), NumberStyles.Number, CultureInfo.InvariantCulture, out var credits) && credits >= 0
                            ? credits
                            : throw new FormatException("--free-credits must be a number ≥ 0, e.g. 20.");
                        break;
                    case "--storage-quota":
                        options.StorageQuotaBytes = long.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var quota) && quota > 0
                            ? quota
                            : throw new FormatException("--storage-quota must be a number of bytes > 0.");
                        break;
                    case "--machines": options.MachinesFile = Value(); break;
                    case "--log-level":
                        var level = Value();
                        options.LogLevel = Enum.TryParse<LogLevel>(level, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(level, out _)
                            ? parsed
                            : throw new FormatException($"--log-level must be one of trace, debug, information, warning, error, critical, none (not '{level}').");
                        break;
                    case "--price":
                        var price = Value();
                        var at = price.IndexOf('=');
                        if (at <= 0 || !decimal.TryParse(price[(at + 1)..], NumberStyles.Number, CultureInfo.InvariantCulture, out var usd) || usd < 0)
                            throw new FormatException("--price takes NAME=USD with USD a number ≥ 0 per hour, e.g. --price cpu=0.25.");
                        options.Prices[price[..at]] = usd;
                        break;
                    case "--container-cli": Runtime(options).Cli = Value(); break;
                    case "--container-global-arg": Runtime(options).GlobalArguments.Add(Value()); break;
                    case "--container-run-arg": Runtime(options).RunArguments.Add(Value()); break;
                    case "--compose-cli": Runtime(options).ComposeCli = Value(); break;
                    case "--container-env":
                        var pair = Value();
                        var split = pair.IndexOf('=');
                        if (split <= 0)
                            throw new FormatException("--container-env takes NAME=VALUE.");
                        Runtime(options).Environment[pair[..split]] = pair[(split + 1)..];
                        break;
                    default: throw new FormatException($"Unknown option '{arg}'; see --help.");
                }
            }
            catch (FormatException ex)
            {
                return (null, ex.Message, false);
            }
        }
        return (options, null, false);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static ContainerRuntimeOptions Runtime(LyceumLocalOptions options) => options.ContainerRuntime ??= new ContainerRuntimeOptions();

    private static int PositiveInt(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1
            ? number
            : throw new FormatException($"{name} must be a whole number ≥ 1.");
}
