using System.Text;
using Lyceum.Client;
using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Remote;

/// <summary>
/// Publishes a run's stdout and stderr to the cell: chunks are batched for <see cref="Window"/> (so a chatty run makes
/// at most ~20 updates a second), consecutive chunks of one stream are merged, and nothing is lost or reordered.
/// Past the cap the cell shows a note naming a local file that holds the whole output.
/// </summary>
internal sealed class OutputRelay : IDisposable
{
    /// <summary>The batching window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(50);

    private const int StderrTailChars = 16 * 1024;

    private readonly IRunSink _sink;
    private readonly TimeProvider _time;
    private readonly long _capBytes;
    private readonly string _logName;
    private readonly List<(OutputStreamKind Kind, StringBuilder Text)> _pending = [];
    private readonly StringBuilder _all = new();
    private readonly StringBuilder _stderrTail = new();
    private long _flushedAt;
    private long _shownBytes;
    private bool _cut;
    private StreamWriter? _log;

    public OutputRelay(IRunSink sink, long capBytes, string logName, TimeProvider time)
    {
        (_sink, _capBytes, _logName, _time) = (sink, capBytes, logName, time);
        _flushedAt = time.GetTimestamp();
    }

    /// <summary>True when something is waiting to be published.</summary>
    public bool HasPending => _pending.Count > 0;

    /// <summary>How long until the pending text is due.</summary>
    public TimeSpan DueIn => Window - _time.GetElapsedTime(_flushedAt);

    /// <summary>The local file with the whole output, once the cap was passed.</summary>
    public string? LogFile { get; private set; }

    /// <summary>The last part of stderr (for the failure message: a traceback's last line).</summary>
    public string StderrTail => _stderrTail.ToString();

    /// <summary>Queues a chunk; publishes the batch when the window has passed.</summary>
    public void Append(OutputStreamKind kind, string text)
    {
        if (text.Length == 0)
            return;
        Record(text);
        if (kind == OutputStreamKind.Stderr)
        {
            _stderrTail.Append(text);
            if (_stderrTail.Length > StderrTailChars)
                _stderrTail.Remove(0, _stderrTail.Length - StderrTailChars);
        }
        if (_pending.Count > 0 && _pending[^1].Kind == kind)
            _pending[^1].Text.Append(text);
        else
            _pending.Add((kind, new StringBuilder(text)));
        if (DueIn <= TimeSpan.Zero)
            Flush();
    }

    /// <summary>Publishes everything pending now (before a display, a frame or the end of the run).</summary>
    public void Flush()
    {
        foreach (var (kind, text) in _pending)
            Publish(kind, text.ToString());
        _pending.Clear();
        _flushedAt = _time.GetTimestamp();
    }

    private void Publish(OutputStreamKind kind, string text)
    {
        if (_cut)
            return;
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (_shownBytes + bytes > _capBytes)
        {
            text = Prefix(text, _capBytes - _shownBytes);
            _cut = true;
            OpenLog();
            var note = $"\n[lyceum: the output passed the {LyceumHtml.Size(_capBytes)} cap and is cut here; the whole output is in {LogFile}]\n";
            if (text.Length > 0)
                PublishEvent(kind, text);
            PublishEvent(OutputStreamKind.Stderr, note);
            return;
        }
        _shownBytes += bytes;
        PublishEvent(kind, text);
    }

    private void PublishEvent(OutputStreamKind kind, string text) => _sink.Output(kind, text);

    // Keeps everything in memory until the cap is passed, then moves it to the log file and appends there.
    private void Record(string text)
    {
        if (_log is not null)
            _log.Write(text);
        else
            _all.Append(text);
    }

    private void OpenLog()
    {
        var folder = Path.Combine(Path.GetTempPath(), "lyceum-output");
        Directory.CreateDirectory(folder);
        LogFile = Path.Combine(folder, $"{Sanitize(_logName)}-{_time.GetUtcNow():yyyyMMdd-HHmmss}.log");
        _log = new StreamWriter(LogFile, append: false, new UTF8Encoding(false)) { AutoFlush = true };
        _log.Write(_all.ToString());
        _all.Clear();
    }

    private static string Prefix(string text, long maxBytes)
    {
        if (maxBytes <= 0)
            return "";
        var chars = 0;
        long bytes = 0;
        while (chars < text.Length)
        {
            var step = char.IsHighSurrogate(text[chars]) && chars + 1 < text.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(chars, step));
            if (bytes + size > maxBytes)
                break;
            bytes += size;
            chars += step;
        }
        return text[..chars];
    }

    private static string Sanitize(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    public void Dispose() => _log?.Dispose();
}
