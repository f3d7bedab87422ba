using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lyceum.Local.S3;

/// <summary>
/// Decodes an <c>aws-chunked</c> body (<c>SIZE[;chunk-signature=SIG]\r\nDATA\r\n … 0…\r\nTRAILERS\r\n</c>), checking each
/// chunk's signature against the chain seeded by the request when the body is signed, and collecting the trailers
/// (checksums, and the trailer signature of signed bodies). Reads with a fixed buffer: memory stays bounded.
/// </summary>
internal sealed class AwsChunkedReader(Stream source, ChunkSigning? signing)
{
    private const int MaxLine = 4096;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly IncrementalHash _chunkHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _start, _end;
    private long _remaining;
    private bool _inChunk, _finished;
    private string? _chunkSignature;
    private string? _previousSignature = signing?.SeedSignature;

    /// <summary>The trailing headers, by lower-case name (filled once the body has been read to its end).</summary>
    public Dictionary<string, string> Trailers { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads decoded object bytes; 0 at the end of the body.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_finished)
            return 0;
        if (!_inChunk)
        {
            await StartChunkAsync(cancellationToken);
            if (_finished)
                return 0;
        }
        if (_start == _end && !await FillAsync(cancellationToken))
            throw S3Errors.IncompleteBody();
        var count = (int)Math.Min(Math.Min(destination.Length, _end - _start), _remaining);
        _buffer.AsMemory(_start, count).CopyTo(destination);
        if (signing is not null)
            _chunkHash.AppendData(_buffer, _start, count);
        _start += count;
        _remaining -= count;
        if (_remaining == 0)
            await EndChunkAsync(cancellationToken);
        return count;
    }

    private async Task StartChunkAsync(CancellationToken cancellationToken)
    {
        var header = await ReadLineAsync(cancellationToken) ?? throw S3Errors.IncompleteBody();
        var semicolon = header.IndexOf(';');
        var sizeText = semicolon < 0 ? header : header[..semicolon];
        if (!long.TryParse(sizeText.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            throw S3Errors.IncompleteBody();
        _chunkSignature = null;
        if (semicolon >= 0)
        {
            const string marker = "chunk-signature=";
            var extension = header[(semicolon + 1)..].Trim();
            if (extension.StartsWith(marker, StringComparison.Ordinal))
                _chunkSignature = extension[marker.Length..];
        }
        if (signing is not null && _chunkSignature is null)
            throw S3Errors.SignatureDoesNotMatch();
        _remaining = size;
        _inChunk = true;
        if (size == 0)
        {
            VerifyChunk();
            await ReadTrailersAsync(cancellationToken);
            _finished = true;
        }
    }

    private async Task EndChunkAsync(CancellationToken cancellationToken)
    {
        VerifyChunk();
        var crlf = await ReadLineAsync(cancellationToken);
        if (crlf is not "")
            throw S3Errors.IncompleteBody();
        _inChunk = false;
    }

    private void VerifyChunk()
    {
        if (signing is null)
            return;
        var expected = SigV4.ChunkSignature(signing.SigningKey, signing.AmzDate, signing.Scope, _previousSignature!, _chunkHash.GetHashAndReset());
        if (!string.Equals(expected, _chunkSignature, StringComparison.OrdinalIgnoreCase))
            throw S3Errors.SignatureDoesNotMatch();
        _previousSignature = expected;
    }

    private async Task ReadTrailersAsync(CancellationToken cancellationToken)
    {
        var canonical = new StringBuilder();
        string? trailerSignature = null;
        while (await ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
                throw S3Errors.IncompleteBody();
            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (name == "x-amz-trailer-signature")
                trailerSignature = value;
            else
            {
                Trailers[name] = value;
                canonical.Append(name).Append(':').Append(value).Append('\n');
            }
        }
        if (signing is not null && Trailers.Count > 0)
        {
            var expected = SigV4.TrailerSignature(signing.SigningKey, signing.AmzDate, signing.Scope, _previousSignature!, canonical.ToString());
            if (!string.Equals(expected, trailerSignature, StringComparison.OrdinalIgnoreCase))
                throw S3Errors.SignatureDoesNotMatch();
        }
    }

    /// <summary>A line without its CR LF; null at the end of the body; "" for an empty line.</summary>
    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
                return line.Count == 0 ? null : Encoding.ASCII.GetString(line.ToArray());
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline;
            line.AddRange(_buffer.AsSpan(_start, stop - _start));
            _start = newline < 0 ? _end : newline + 1;
            if (line.Count > MaxLine)
                throw S3Errors.IncompleteBody();
            if (newline >= 0)
            {
                if (line.Count > 0 && line[^1] == '\r')
                    line.RemoveAt(line.Count - 1);
                return Encoding.ASCII.GetString(line.ToArray());
            }
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await source.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }
}
