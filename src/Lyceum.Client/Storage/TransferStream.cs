namespace Lyceum.Client.Storage;

/// <summary>Wraps a source stream being uploaded: counts and MD5-hashes what is read, and reports progress.
/// Seeking back to the start (a retried send) starts the count and hash afresh. Never closes the source.</summary>
internal sealed class TransferStream : Stream
{
    private readonly Stream _inner;
    private readonly ProgressReporter _progress;
    private readonly long _start;
    private readonly bool _hash;
    private PipelinedMd5 _md5 = new();
    private bool _hashValid = true;

    public TransferStream(Stream inner, ProgressReporter progress, bool hash)
    {
        _hash = hash;
        _hashValid = hash;
        _inner = inner;
        _progress = progress;
        _start = inner.CanSeek ? inner.Position : 0;
    }

    public long BytesRead { get; private set; }

    /// <summary>The MD5 of everything read since the start, or null when not hashing or reads were not contiguous.</summary>
    public async Task<byte[]?> Md5Async() => _hashValid ? await _md5.HashAsync().ConfigureAwait(false) : null;

    public override bool CanRead => true;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        if (_hash)
            _md5.Append(buffer[..n]);
        Account(n);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (_hash)
            await _md5.AppendAsync(buffer[..n]).ConfigureAwait(false);
        Account(n);
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var position = _inner.Seek(offset, origin);
        if (position == _start)
        {
            _md5.Dispose();
            _md5 = new PipelinedMd5();
            _hashValid = _hash;
            BytesRead = 0;
            _progress.Restart();
        }
        else
        {
            _hashValid = false;
        }

        return position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Frees the hash. Disposal by the HTTP content must not: the caller's stream stays open and the
    /// hash is read after the request is gone.</summary>
    public void Release() => _md5.Dispose();

    private void Account(int count)
    {
        BytesRead += count;
        _progress.Advance(count);
    }
}
