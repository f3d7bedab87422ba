namespace Lyceum.Local.Requests;

/// <summary>
/// The request body, read-only, where a broken framing is the caller's mistake: Kestrel reports a chunk size beyond any
/// integer as a bare <see cref="IOException"/> ("Bad chunk size data"), which would otherwise end as a 500. Reads that fail
/// while the request is still connected become a 400 <see cref="BadHttpRequestException"/>.
/// </summary>
internal sealed class GuardedBody(Stream inner, CancellationToken requestAborted) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException ex) when (ex is not BadHttpRequestException && !requestAborted.IsCancellationRequested)
        {
            throw new BadHttpRequestException("The request body's framing is broken (e.g. an impossible chunk size).", StatusCodes.Status400BadRequest, ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
