using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Lyceum.Local.Errors;

namespace Lyceum.Local.Requests;

/// <summary>
/// Finds the first JSON string that is not Unicode text: raw bytes that are not UTF-8, or an escape such as
/// <c>\udc00</c> that is half of a surrogate pair. System.Text.Json parses both and only fails when the string is read,
/// which would otherwise surface as an internal error far from the field.
/// </summary>
internal static class JsonText
{
    public const string Problem = "is not valid Unicode text (invalid UTF-8 or a lone surrogate such as \\udc00); send UTF-8 text";

    /// <summary>The field (a path such as <c>import_files.a.py</c> or <c>docker_run_cmd[1]</c>) holding the first bad string, or null.</summary>
    public static FieldError? FindInvalid(ReadOnlySpan<byte> json, string? root = null)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                if (frames.Count > 0 && frames[^1].IsArray && reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject))
                    frames[^1].Index++;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        frames.Add(new Frame(false));
                        break;
                    case JsonTokenType.StartArray:
                        frames.Add(new Frame(true));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        if (!IsText(ref reader, out var name))
                            return new FieldError(PathOf(frames, root, parentOnly: true), "a property name " + Problem);
                        frames[^1].Name = name;
                        break;
                    case JsonTokenType.String:
                        if (!IsText(ref reader, out _))
                            return new FieldError(PathOf(frames, root, parentOnly: false), Problem);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON is reported by the parser with its position.
        }
        return null;
    }

    private static bool IsText(ref Utf8JsonReader reader, out string? text)
    {
        text = null;
        if (!reader.ValueIsEscaped)
        {
            if (!Utf8.IsValid(reader.ValueSpan))
                return false;
            text = Encoding.UTF8.GetString(reader.ValueSpan);
            return true;
        }
        try
        {
            text = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string PathOf(List<Frame> frames, string? root, bool parentOnly)
    {
        var path = new StringBuilder(root ?? "");
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            if (frame.IsArray)
                path.Append('[').Append(frame.Index).Append(']');
            else if (frame.Name is not null && !(parentOnly && i == frames.Count - 1))
                path.Append(path.Length > 0 ? "." : "").Append(frame.Name);
        }
        return path.Length > 0 ? path.ToString() : "body";
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Name { get; set; }
    }
}
