using System.Text;
using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Remote;

/// <summary>
/// Separates the prelude's frames from a run's stdout for every kind of run: a cell's run (its nonce is known), a run
/// attached from elsewhere (the nonce is learnt from the first frame marker), or plain output.
/// </summary>
/// <remarks>A run attached from elsewhere cannot tell a forged marker from the prelude's before the first real one:
/// its output is shown, not trusted, so the worst a forgery does there is hide its own text.</remarks>
internal sealed class StdoutFrames
{
    private const char Start = '\x1e';
    private const int MinNonce = 16;
    private const int MaxNonce = 128;

    private readonly StringBuilder _held = new();
    private readonly bool _sniff;
    private FrameDecoder? _decoder;

    private StdoutFrames(FrameDecoder? decoder, bool sniff) => (_decoder, _sniff) = (decoder, sniff);

    /// <summary>For a run whose prelude was given <paramref name="nonce"/>.</summary>
    public static StdoutFrames ForNonce(string nonce) => new(new FrameDecoder(nonce), sniff: false);

    /// <summary>For a run whose nonce this notebook never saw: it is taken from the first frame marker.</summary>
    public static StdoutFrames Learning() => new(null, sniff: true);

    /// <summary>Takes the next stdout chunk; returns the text and the frames it completes, in order.</summary>
    public IReadOnlyList<StdoutPiece> Feed(string chunk)
    {
        if (_decoder is not null)
            return _decoder.Feed(chunk);
        if (!_sniff)
            return [new TextPiece(chunk)];
        _held.Append(chunk);
        var text = _held.ToString();
        var start = text.IndexOf(Start, StringComparison.Ordinal);
        while (start >= 0)
        {
            var nonce = NonceAt(text, start + 1);
            if (nonce is null)
            {
                // Not yet decidable: hold from the marker on until more arrives.
                _held.Clear().Append(text[start..]);
                return start == 0 ? [] : [new TextPiece(text[..start])];
            }
            if (nonce.Length > 0)
            {
                _held.Clear();
                _decoder = new FrameDecoder(nonce);
                var pieces = new List<StdoutPiece>();
                if (start > 0)
                    pieces.Add(new TextPiece(text[..start]));
                pieces.AddRange(_decoder.Feed(text[start..]));
                return pieces;
            }
            start = text.IndexOf(Start, start + 1);
        }
        _held.Clear();
        return text.Length == 0 ? [] : [new TextPiece(text)];
    }

    /// <summary>Call once when stdout ends.</summary>
    public IReadOnlyList<StdoutPiece> Flush()
    {
        if (_decoder is not null)
            return _decoder.Flush();
        var text = _held.ToString();
        _held.Clear();
        return text.Length == 0 ? [] : [new TextPiece(text)];
    }

    // The nonce of a marker starting at `at`; "" when it cannot be one; null when more text is needed to tell.
    private static string? NonceAt(string text, int at)
    {
        var length = 0;
        while (at + length < text.Length && char.IsAsciiLetterOrDigit(text[at + length]) && length <= MaxNonce)
            length++;
        if (at + length >= text.Length)
            return length <= MaxNonce ? null : "";
        return text[at + length] == ':' && length is >= MinNonce and <= MaxNonce ? text.Substring(at, length) : "";
    }
}
