using System.Globalization;
using System.Reflection;
using Lyceum.Client;
using Microsoft.Extensions.Logging;

namespace Lyceum.Interactive.Diagnostics;

/// <summary>
/// The extension's diagnostics: the log of the SDK clients it makes (requests and answers, retries, rate-limit waits,
/// resumed streams, transfers; never a key or token). The last <see cref="Capacity"/> lines stay in memory for
/// <c>#!lyceum status --verbose</c>; lines at <c>LYCEUM_LOG_LEVEL</c> (default Warning) also go to the host
/// process's own stderr, which is where each host keeps its diagnostics (VS Code: Output → "Polyglot Notebook :
/// diagnostics"; Jupyter: the terminal running the server; lyceum-runner: <c>--verbose</c>). Never to the cell: the
/// host turns <see cref="Console.Error"/> into cell output, so stderr is opened raw.
/// </summary>
internal sealed class ExtensionLog : ILoggerFactory, ILoggerProvider
{
    /// <summary>How many recent lines <c>#!lyceum status --verbose</c> can show.</summary>
    public const int Capacity = 200;

    private readonly Queue<string> _recent = new();
    private readonly TextWriter? _stderr;
    private readonly LogLevel _stderrLevel;
    private readonly TimeProvider _time;

    public ExtensionLog(TextWriter? stderr, LogLevel stderrLevel, TimeProvider time)
    {
        _stderr = stderr;
        _stderrLevel = stderrLevel;
        _time = time;
    }

    /// <summary>The one log of the extension in this host process.</summary>
    public static ExtensionLog Shared { get; } = new(
        new StreamWriter(Console.OpenStandardError()) { AutoFlush = true },
        LevelFrom(Environment.GetEnvironmentVariable("LYCEUM_LOG_LEVEL")),
        TimeProvider.System);

    /// <summary>Options for every client the extension makes: its log, and <c>Lyceum.Interactive/VERSION</c> leading the
    /// User-Agent so the service can tell notebook traffic apart.</summary>
    public static LyceumClientOptions ClientOptions(Uri? endpoint = null) => new()
    {
        Endpoint = endpoint,
        LoggerFactory = Shared,
        ApplicationId = "Lyceum.Interactive/" +
            (typeof(ExtensionLog).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0],
    };

    /// <summary>The recent lines, oldest first.</summary>
    public IReadOnlyList<string> Recent
    {
        get
        {
            lock (_recent)
                return [.. _recent];
        }
    }

    /// <summary><c>LYCEUM_LOG_LEVEL</c> (Trace, Debug, Information, Warning, Error, None) or Warning.</summary>
    public static LogLevel LevelFrom(string? value) =>
        Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) ? level : LogLevel.Warning;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
        // One log with its own two sinks; extra providers are not taken.
    }

    public void Dispose()
    {
        // Shared for the life of the host process.
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{_time.GetUtcNow():HH:mm:ss.fff} {Short(level)} {category}: {message}");
        if (exception is not null)
            line += $" ({exception.GetType().Name}: {exception.Message})";
        lock (_recent)
        {
            _recent.Enqueue(line);
            while (_recent.Count > Capacity)
                _recent.Dequeue();
            if (_stderr is not null && level >= _stderrLevel)
                _stderr.WriteLine("[Lyceum.Interactive] " + line);
        }
    }

    private static string Short(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class Logger(ExtensionLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                log.Write(logLevel, category, formatter(state, exception), exception);
        }
    }
}
