using System.Buffers;
using System.Security.Cryptography;

namespace Lyceum.Client.Storage;

/// <summary>MD5 of a transfer, computed on the thread pool one chunk behind the transfer itself, so hashing overlaps
/// with network and disk I/O instead of adding to them. Chunks are hashed in order; one chunk-sized copy is held.</summary>
internal sealed class PipelinedMd5 : IDisposable
{
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private byte[] _copy = [];
    private Task _pending = Task.CompletedTask;

    /// <summary>Queues a chunk; the caller may reuse <paramref name="data"/>'s memory as soon as this returns.</summary>
    public async ValueTask AppendAsync(ReadOnlyMemory<byte> data)
    {
        if (data.IsEmpty)
            return;
        await _pending.ConfigureAwait(false);
        if (_copy.Length < data.Length)
        {
            ReturnCopy();
            _copy = ArrayPool<byte>.Shared.Rent(data.Length);
        }

        data.Span.CopyTo(_copy);
        var (copy, length) = (_copy, data.Length);
        _pending = Task.Run(() => _md5.AppendData(copy, 0, length));
    }

    /// <summary>Hashes a chunk at once (for synchronous readers).</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        _pending.GetAwaiter().GetResult();
        _md5.AppendData(data);
    }

    public async Task<byte[]> HashAsync()
    {
        await _pending.ConfigureAwait(false);
        return _md5.GetCurrentHash();
    }

    public void Dispose()
    {
        try
        {
            _pending.GetAwaiter().GetResult();
        }
        catch (CryptographicException)
        {
            // Nothing to report while discarding the hash.
        }

        _md5.Dispose();
        ReturnCopy();
    }

    private void ReturnCopy()
    {
        if (_copy.Length > 0)
            ArrayPool<byte>.Shared.Return(_copy);
        _copy = [];
    }
}
