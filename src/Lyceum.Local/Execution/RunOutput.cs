using System.Runtime.CompilerServices;
using System.Text;

namespace Lyceum.Local.Execution;

/// <summary>
/// A run's messages in order, mirrored to its log file; any number of readers replay from any seq and then follow live.
/// </summary>
internal sealed class RunOutput : IDisposable
{
    private readonly List<string> _messages = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StreamWriter? _log;

    private RunOutput(StreamWriter? log) => _log = log;

    public bool IsClosed { get; private set; }

    public static RunOutput Create(string logPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var stream = new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        return new RunOutput(new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true });
    }

    /// <summary>A finished run's messages from its log (an empty, closed output when the log is missing).</summary>
    public static RunOutput Load(string logPath)
    {
        var output = new RunOutput(null) { IsClosed = true };
        if (File.Exists(logPath))
            foreach (var line in File.ReadLines(logPath))
                if (IsWholeJson(line))
                    output._messages.Add(line);
        return output;
    }

    /// <summary>A server killed mid-write may leave a torn last line; it is dropped.</summary>
    private static bool IsWholeJson(string line)
    {
        if (!line.StartsWith('{'))
            return false;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(line);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>Appends a message built for the next seq; false once closed.</summary>
    public bool Append(Func<long, string> build, bool close = false)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (IsClosed)
                return false;
            var json = build(_messages.Count + 1);
            _messages.Add(json);
            _log?.WriteLine(json);
            if (close)
            {
                IsClosed = true;
                _log?.Dispose();
                _log = null;
            }
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
        return true;
    }

    public bool HasTerminal
    {
        get { lock (_gate) return _messages.Count > 0 && OutputMessages.IsFinished(_messages[^1]); }
    }

    /// <summary>Messages after seq <paramref name="after"/>, following live ones until the terminal message.</summary>
    public async IAsyncEnumerable<(long Seq, string Json)> ReadAsync(long after, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // A seq beyond what a list can hold is past the end: clamp rather than wrap around to the start.
        var next = (int)Math.Clamp(after, 0, int.MaxValue);
        var sent = false;
        while (true)
        {
            string[] batch;
            bool closed;
            Task changed;
            string? terminal = null;
            lock (_gate)
            {
                batch = next < _messages.Count ? _messages.GetRange(next, _messages.Count - next).ToArray() : [];
                closed = IsClosed;
                changed = _changed.Task;
                if (closed && batch.Length == 0 && !sent && _messages.Count > 0 && OutputMessages.IsFinished(_messages[^1]))
                    terminal = _messages[^1];
            }
            foreach (var json in batch)
            {
                sent = true;
                yield return (++next, json);
            }
            // A reader asking past the end of a finished run still learns that it is over.
            if (terminal is not null)
                yield return (_messages.Count, terminal);
            if (closed && batch.Length == 0)
                yield break;
            if (batch.Length == 0)
                await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The seq of the latest message (0 before the first): a reader with less has not seen everything.</summary>
    public long LastSeq
    {
        get { lock (_gate) return _messages.Count; }
    }

    /// <summary>All output text in order (for the execution record), or only that of one stream (<c>stdout</c>, <c>stderr</c>).</summary>
    public string Text(string? stream = null)
    {
        string[] all;
        lock (_gate) all = _messages.ToArray();
        var text = new StringBuilder();
        foreach (var json in all)
            if (OutputMessages.OutputOf(json) is { } output && (stream is null || output.Stream == stream))
                text.Append(output.Content);
        return text.ToString();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _log?.Dispose();
            _log = null;
        }
    }
}
