using System.Text;

namespace Lyceum.Local.Execution;

/// <summary>Reads the whole lines of a run log from an offset, never past a given length (what the writer has committed).</summary>
internal sealed class LineReader(Stream file, long position)
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private long _filePosition = position;

    /// <summary>The offset of the next unread byte.</summary>
    public long Position => _filePosition - (_end - _start);

    /// <summary>The next line without its newline, or null when no whole line is left before <paramref name="limit"/>.</summary>
    public async ValueTask<string?> ReadLineAsync(long limit, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(_buffer, _start, newline - _start);
                _start = newline + 1;
                return line;
            }
            if (_filePosition >= limit)
                return null;
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            // A line longer than the buffer (a message of escaped output) grows it; lines are bounded by the writer.
            if (_end == _buffer.Length)
                Array.Resize(ref _buffer, _buffer.Length * 2);
            if (file.CanSeek)
                file.Position = _filePosition;
            var read = await file.ReadAsync(_buffer.AsMemory(_end, (int)Math.Min(_buffer.Length - _end, limit - _filePosition)), cancellationToken);
            if (read == 0)
                return null;
            _end += read;
            _filePosition += read;
        }
    }
}
