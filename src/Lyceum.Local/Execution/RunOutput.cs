using System.Runtime.CompilerServices;
using System.Text;
using Lyceum.Local.Data;

namespace Lyceum.Local.Execution;

/// <summary>
/// A run's messages in order, one JSON line each, kept in its log file and nowhere else: memory stays bounded whatever the
/// output size. Any number of readers replay from any seq (found through a sparse index of line offsets) and then follow
/// live. Only whole lines count: a line torn by a killed server is dropped, and the next message takes its place.
/// </summary>
internal sealed class RunOutput : IDisposable
{
    /// <summary>Every this many messages the index remembers a line's offset; a reader scans at most this many lines to its start.</summary>
    private const int IndexEvery = 64;

    private readonly string _path;
    private readonly Lock _gate = new();
    private readonly List<long> _index = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FileStream? _log;
    private long _count;
    private long _length;
    private string? _terminal;

    private RunOutput(string path) => _path = path;

    public bool IsClosed { get; private set; }

    /// <summary>Opens the log for appending after the whole messages it already holds (a torn last line is cut off).</summary>
    public static RunOutput Create(string logPath)
    {
        PrivateFiles.CreateFolder(Path.GetDirectoryName(logPath)!);
        var output = new RunOutput(logPath);
        output._log = PrivateFiles.Open(logPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        output.Scan(output._log);
        output._log.SetLength(output._length);
        output._log.Position = output._length;
        return output;
    }

    /// <summary>A finished run's messages from its log (an empty, closed output when the log is missing).</summary>
    public static RunOutput Load(string logPath)
    {
        var output = new RunOutput(logPath) { IsClosed = true };
        if (File.Exists(logPath))
        {
            using var file = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            output.Scan(file);
        }
        return output;
    }

    /// <summary>Appends a message built for the next seq; false once closed.</summary>
    public bool Append(Func<long, string> build, bool close = false)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (IsClosed || _log is null)
                return false;
            var json = build(_count + 1);
            var line = Encoding.UTF8.GetBytes(json + "\n");
            if (_count % IndexEvery == 0)
                _index.Add(_length);
            _log.Write(line);
            _log.Flush();
            _count++;
            _length += line.Length;
            _terminal = OutputMessages.IsFinished(json) ? json : null;
            if (close)
            {
                IsClosed = true;
                _log.Dispose();
                _log = null;
            }
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
        return true;
    }

    /// <summary>Messages after seq <paramref name="after"/>, following live ones until the terminal message.</summary>
    public async IAsyncEnumerable<(long Seq, string Json)> ReadAsync(long after, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        after = Math.Max(0, after);
        long seq, position;
        lock (_gate)
        {
            var entry = _index.Count == 0 ? -1 : (int)Math.Min(after / IndexEvery, _index.Count - 1);
            seq = entry < 0 ? 0 : (long)entry * IndexEvery;
            position = entry < 0 ? 0 : _index[entry];
        }
        var sent = false;
        await using var file = OpenForReading();
        var lines = new LineReader(file, position);
        while (true)
        {
            long length, count;
            bool closed;
            Task changed;
            string? terminal;
            lock (_gate)
            {
                length = _length;
                count = _count;
                closed = IsClosed;
                changed = _changed.Task;
                terminal = _terminal;
            }
            while (lines.Position < length)
            {
                var json = await lines.ReadLineAsync(length, cancellationToken);
                if (json is null)
                    break;
                if (++seq > after)
                {
                    sent = true;
                    yield return (seq, json);
                }
            }
            if (closed)
            {
                // A reader asking past the end of a finished run still learns that it is over.
                if (!sent && terminal is not null && after >= count)
                    yield return (count, terminal);
                yield break;
            }
            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The seq of the latest message (0 before the first): a reader with less has not seen everything.</summary>
    public long LastSeq
    {
        get { lock (_gate) return _count; }
    }

    /// <summary>The output texts in order (stdout and stderr as they came, or only those of one stream: <c>stdout</c>,
    /// <c>stderr</c>), read from the log one message at a time.</summary>
    public async IAsyncEnumerable<string> TextsAsync(string? stream = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long length;
        lock (_gate) length = _length;
        await using var file = OpenForReading();
        var lines = new LineReader(file, 0);
        while (lines.Position < length && await lines.ReadLineAsync(length, cancellationToken) is { } json)
            if (OutputMessages.OutputOf(json) is { } output && (stream is null || output.Stream == stream))
                yield return output.Content;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    /// <summary>The log for one reader; an empty stream when there is no log (a run that never wrote one).</summary>
    private Stream OpenForReading()
    {
        try
        {
            return new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true);
        }
        catch (FileNotFoundException)
        {
            return Stream.Null;
        }
        catch (DirectoryNotFoundException)
        {
            return Stream.Null;
        }
    }

    /// <summary>Counts the whole lines of the file, indexing them; remembers a terminal last message.</summary>
    private void Scan(FileStream file)
    {
        file.Position = 0;
        var buffer = new byte[64 * 1024];
        long offset = 0, lineStart = 0;
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                    continue;
                if (_count % IndexEvery == 0)
                    _index.Add(lineStart);
                _count++;
                lineStart = offset + i + 1;
            }
            offset += read;
        }
        _length = lineStart;
        if (_count > 0)
            _terminal = ReadTerminal(file, _length);
    }

    /// <summary>The last line when it is the terminal message (short: it is looked for in the log's last 64 KB only).</summary>
    private static string? ReadTerminal(FileStream file, long end)
    {
        if (end < 2)
            return null;
        var tail = new byte[(int)Math.Min(end, 64 * 1024)];
        file.Position = end - tail.Length;
        file.ReadExactly(tail);
        var lineStart = Array.LastIndexOf(tail, (byte)'\n', tail.Length - 2) + 1;
        if (lineStart == 0 && tail.Length < end)
            return null;
        var last = Encoding.UTF8.GetString(tail, lineStart, tail.Length - 1 - lineStart);
        return OutputMessages.IsFinished(last) ? last : null;
    }
}
