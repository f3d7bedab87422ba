using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Lyceum.Client.Storage;

/// <summary>
/// One part of a file as a seekable read-only stream (so the S3 SDK can re-send it), hashing what it hands out and
/// reporting progress; rewinding to the start restarts the hash.
/// </summary>
internal sealed class FilePartStream(SafeFileHandle file, long offset, long length, Action<long> advanced, bool hash) : Stream
{
    private IncrementalHash? _md5 = hash ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    /// <summary>The MD5 of the part once it was read to its end, else null.</summary>
    public byte[]? Md5 { get; private set; }

    public override int Read(byte[] buffer, int offset1, int count) => Read(buffer.AsSpan(offset1, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        if (count <= 0)
            return 0;
        var read = RandomAccess.Read(file, buffer[..count], offset + _position);
        Advance(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        if (count <= 0)
            return 0;
        var read = await RandomAccess.ReadAsync(file, buffer[..count], offset + _position, cancellationToken).ConfigureAwait(false);
        Advance(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset1, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset1, count), cancellationToken).AsTask();

    public override long Seek(long offset1, SeekOrigin origin)
    {
        var target = origin switch { SeekOrigin.Begin => offset1, SeekOrigin.Current => _position + offset1, _ => length + offset1 };
        if (target < 0 || target > length)
            throw new ArgumentOutOfRangeException(nameof(offset1));
        if (target != _position && _md5 is not null)
        {
            // A re-send starts over; a hash over a jump would be meaningless.
            _md5.Dispose();
            _md5 = target == 0 ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
            Md5 = null;
        }
        _position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset1, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _md5?.Dispose();
        base.Dispose(disposing);
    }

    private void Advance(ReadOnlySpan<byte> data)
    {
        _position += data.Length;
        _md5?.AppendData(data);
        if (_md5 is not null && _position == length)
            Md5 = _md5.GetHashAndReset();
        advanced(data.Length);
    }
}
