using Microsoft.Win32.SafeHandles;

namespace Lyceum.Client.Storage;

/// <summary>
/// One part of a file as a seekable read-only stream (so the S3 SDK can re-send it), hashing what it hands out and
/// reporting progress; rewinding to the start restarts the hash.
/// </summary>
internal sealed class FilePartStream(SafeFileHandle file, long offset, long length, Action<long> advanced, TransferCheck check) : Stream
{
    private readonly PartHash _hash = new(check);
    private bool _hashValid = true;
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

    /// <summary>The part's check once it was read to its end in one pass (its MD5 or CRC-64/NVME, as asked), else null.</summary>
    public PartHash? Hash => _hashValid && _position == length ? _hash : null;

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
        if (target != _position)
        {
            // A re-send starts over; a hash over a jump would be meaningless.
            _hash.Restart();
            _hashValid = target == 0;
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
            _hash.Dispose();
        base.Dispose(disposing);
    }

    private void Advance(ReadOnlySpan<byte> data)
    {
        _position += data.Length;
        _hash.Append(data);
        if (_position == length)
            _hash.Finish();
        advanced(data.Length);
    }
}
