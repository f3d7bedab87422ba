namespace Lyceum.Local.Execution;

/// <summary>
/// The environment a run's processes see: an allow-list of what a run needs plus what the request asked for, never
/// the server's environment minus a deny-list (a variable the server was started with, such as
/// <c>LYCEUM_LOCAL_API_KEY</c>, or a cloud credential in the operator's shell, must not reach another account's code).
/// </summary>
internal static class RunEnvironment
{
    /// <summary>The marker every run process carries; start-up recovery finds survivors of a killed server by it.</summary>
    public const string ExecutionIdVariable = "LYCEUM_EXECUTION_ID";

    /// <summary>Taken from the server when set: where programs are, and the locale (text encoding, sorting).</summary>
    private static readonly string[] Inherited = ["PATH", "LANG", "LANGUAGE", "TZ"];

    /// <summary>What pip additionally needs to reach a package index the operator configured (proxies, mirrors, CAs).</summary>
    private static readonly string[] NetworkInherited =
        ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE"];

    /// <summary>
    /// The whole environment of a run's code: HOME and TMPDIR are private to the run, XDG_CACHE_HOME to its account;
    /// <paramref name="venv"/> is the virtual environment of its requirements, if any.
    /// </summary>
    public static Dictionary<string, string?> ForRun(
        LiveRun run, string? venv, IEnumerable<KeyValuePair<string, string>>? requested = null, Func<string, string?>? server = null)
    {
        var environment = Base(run, server ?? Environment.GetEnvironmentVariable);
        environment["PYTHONUNBUFFERED"] = "1";
        environment["PYTHONIOENCODING"] = "utf-8";
        environment["PYTHONDONTWRITEBYTECODE"] = "1";
        environment[ExecutionIdVariable] = run.Record.Id;
        if (venv is not null)
        {
            environment["VIRTUAL_ENV"] = venv;
            environment["PATH"] = Path.Combine(venv, "bin") + Path.PathSeparator + environment.GetValueOrDefault("PATH");
        }
        foreach (var (name, value) in requested ?? [])
            environment[name] = value;
        return environment;
    }

    /// <summary>
    /// The environment of <c>python -m venv</c> and <c>pip install</c> for a run: pip runs the build code of the packages
    /// it installs, so it gets the run's allow-list plus the operator's index settings (<c>PIP_*</c>, proxies, CAs).
    /// </summary>
    public static Dictionary<string, string?> ForInstall(LiveRun run, Func<string, string?>? server = null)
    {
        server ??= Environment.GetEnvironmentVariable;
        var environment = ForRun(run, venv: null, server: server);
        foreach (var name in NetworkInherited)
            Copy(environment, name, server);
        foreach (var name in ServerNames().Where(n => n.StartsWith("PIP_", StringComparison.Ordinal)))
            Copy(environment, name, server);
        environment["PIP_NO_INPUT"] = "1";
        environment["PIP_DISABLE_PIP_VERSION_CHECK"] = "1";
        return environment;
    }

    private static Dictionary<string, string?> Base(LiveRun run, Func<string, string?> server)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in Inherited)
            Copy(environment, name, server);
        foreach (var name in ServerNames().Where(n => n.StartsWith("LC_", StringComparison.Ordinal)))
            Copy(environment, name, server);
        environment["PATH"] ??= "/usr/local/bin:/usr/bin:/bin";
        environment["HOME"] = run.HomeDirectory;
        environment["XDG_CACHE_HOME"] = run.CacheDirectory;
        foreach (var name in new[] { "TMPDIR", "TMP", "TEMP" })
            environment[name] = run.TempDirectory;
        return environment;
    }

    private static void Copy(Dictionary<string, string?> environment, string name, Func<string, string?> server)
    {
        if (server(name) is { Length: > 0 } value)
            environment[name] = value;
    }

    private static IEnumerable<string> ServerNames() => Environment.GetEnvironmentVariables().Keys.Cast<string>();
}
