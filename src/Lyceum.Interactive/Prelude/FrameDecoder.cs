using System.Text;
using System.Text.Json;

namespace Lyceum.Interactive.Prelude;

/// <summary>
/// Separates the prelude's frames from the cell's own text in a run's stdout, fed chunk by chunk
/// as the stream delivers them (chunks split anywhere, even inside a frame's marker).
/// </summary>
/// <remarks>
/// A frame is <c>\x1e NONCE : KIND : JSON \x1f</c>. Text is released as soon as it cannot be the
/// start of a frame; only a possible marker prefix (<c>\x1e</c> followed by the first characters
/// of the nonce) is held back. Without the run's nonce, a look-alike frame is just text.
/// The JSON is ASCII with control characters escaped, so it never contains <c>\x1e</c> or <c>\x1f</c>.
/// </remarks>
internal sealed class FrameDecoder
{
    private const char Start = '\x1e';
    private const char End = '\x1f';
    private const int MaxKindLength = 32;

    /// <summary>The largest frame payload held by default: 20 MB of characters, above the largest session state
    /// a run can carry (<see cref="CellOptions.MaxSessionCapBytes"/>, base64-encoded).</summary>
    public const int DefaultMaxFrameChars = 20 * 1024 * 1024;

    private readonly string _marker;
    private readonly int _maxFrameChars;
    private readonly StringBuilder _held = new();
    private readonly StringBuilder _kind = new();
    private readonly StringBuilder _payload = new();
    private State _state = State.Text;

    /// <summary>A decoder for the run whose prelude was given <paramref name="nonce"/>.</summary>
    /// <param name="nonce">The run's frame secret.</param>
    /// <param name="maxFrameChars">A frame larger than this is dropped with a note, not held in memory.</param>
    public FrameDecoder(string nonce, int maxFrameChars = DefaultMaxFrameChars)
    {
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrameChars);
        _marker = Start + nonce + ":";
        _maxFrameChars = maxFrameChars;
    }

    private enum State
    {
        Text,
        Marker,
        Kind,
        Payload,
        Oversized,
    }

    /// <summary>Takes the next stdout chunk; returns the text and frames it completes, in order.</summary>
    public IReadOnlyList<StdoutPiece> Feed(string chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var pieces = new List<StdoutPiece>();
        var text = new StringBuilder();
        var rest = chunk.AsSpan();
        while (!rest.IsEmpty)
        {
            switch (_state)
            {
                case State.Text:
                    var start = rest.IndexOf(Start);
                    if (start < 0)
                    {
                        text.Append(rest);
                        rest = default;
                        break;
                    }
                    text.Append(rest[..start]);
                    _held.Append(Start);
                    rest = rest[(start + 1)..];
                    _state = State.Marker;
                    break;

                case State.Marker:
                    if (rest[0] != _marker[_held.Length])
                    {
                        // Not our marker: what was held is the cell's text; look at this character afresh.
                        text.Append(_held);
                        _held.Clear();
                        _state = State.Text;
                        break;
                    }
                    _held.Append(rest[0]);
                    rest = rest[1..];
                    if (_held.Length == _marker.Length)
                    {
                        _state = State.Kind;
                    }
                    break;

                case State.Kind:
                    var c = rest[0];
                    rest = rest[1..];
                    if (c == ':' && _kind.Length > 0)
                    {
                        _state = State.Payload;
                    }
                    else if ((char.IsAsciiLetterLower(c) || c == '_') && _kind.Length < MaxKindLength)
                    {
                        _kind.Append(c);
                    }
                    else
                    {
                        Damaged(text, "its kind is not readable");
                    }
                    break;

                case State.Payload:
                    var stop = rest.IndexOfAny(Start, End);
                    if (_payload.Length + (stop < 0 ? rest.Length : stop) > _maxFrameChars)
                    {
                        // Past the limit the frame cannot be used: say so once and skip the rest of it.
                        text.Append($"[lyceum: a '{_kind}' output frame was dropped: it is larger than {_maxFrameChars / (1024 * 1024.0):0.#} MB, the most one frame may carry]\n");
                        _payload.Clear();
                        _state = State.Oversized;
                        break;
                    }
                    if (stop < 0)
                    {
                        _payload.Append(rest);
                        rest = default;
                        break;
                    }
                    _payload.Append(rest[..stop]);
                    if (rest[stop] == Start)
                    {
                        // Something else wrote into the middle of the frame; the new marker may be a real frame.
                        rest = rest[stop..];
                        Damaged(text, "other output was written into it");
                        break;
                    }
                    rest = rest[(stop + 1)..];
                    Complete(pieces, text);
                    break;

                case State.Oversized:
                    var end = rest.IndexOfAny(Start, End);
                    if (end < 0)
                    {
                        rest = default;
                        break;
                    }
                    rest = rest[end] == Start ? rest[end..] : rest[(end + 1)..];
                    Reset();
                    break;
            }
        }
        Release(pieces, text);
        return pieces;
    }

    /// <summary>Call once when stdout ends: releases held text and reports a frame cut off by the end of the run.</summary>
    public IReadOnlyList<StdoutPiece> Flush()
    {
        var pieces = new List<StdoutPiece>();
        var text = new StringBuilder();
        switch (_state)
        {
            case State.Marker:
                text.Append(_held);
                Reset();
                break;
            case State.Kind or State.Payload:
                Damaged(text, "the output ended inside it");
                break;
            case State.Oversized:
                Reset();
                break;
        }
        Release(pieces, text);
        return pieces;
    }

    private void Complete(List<StdoutPiece> pieces, StringBuilder text)
    {
        var kind = _kind.ToString();
        var json = _payload.ToString();
        Reset();
        try
        {
            using var document = JsonDocument.Parse(json);
            Release(pieces, text);
            pieces.Add(new FramePiece(kind, document.RootElement.Clone()));
        }
        catch (JsonException error)
        {
            text.Append($"[lyceum: a '{kind}' output frame was dropped: its JSON is damaged ({error.Message})]\n");
        }
    }

    // A damaged frame only happens when something writes into stdout concurrently with the prelude
    // (another thread, a child process); saying so beats showing a wall of JSON or the nonce.
    private void Damaged(StringBuilder text, string why)
    {
        var kind = _kind.Length > 0 ? $"'{_kind}' " : "";
        Reset();
        text.Append($"[lyceum: an {kind}output frame was dropped: {why}]\n");
    }

    private void Reset()
    {
        _held.Clear();
        _kind.Clear();
        _payload.Clear();
        _state = State.Text;
    }

    private static void Release(List<StdoutPiece> pieces, StringBuilder text)
    {
        if (text.Length > 0)
        {
            pieces.Add(new TextPiece(text.ToString()));
            text.Clear();
        }
    }
}
