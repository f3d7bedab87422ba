using System.Text.Json;

namespace Lyceum.Interactive.Prelude;

/// <summary>A structured message from the prelude, typed: display, result, variables or session.</summary>
internal abstract record RemoteFrame
{
    /// <summary>Types a decoded frame; null for a kind this version does not know (a newer prelude).</summary>
    /// <exception cref="FormatException">The frame is of a known kind but its payload is not what the prelude writes.</exception>
    public static RemoteFrame? From(FramePiece frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        try
        {
            return frame.Kind switch
            {
                "display" => new DisplayFrame(MimeData(frame.Payload)),
                "result" => new ResultFrame(MimeData(frame.Payload)),
                "variables" => new VariablesFrame(Values(frame.Payload), TypeNames(frame.Payload), NotCarried(frame.Payload, "skipped")),
                "session" => new SessionFrame(
                    Convert.FromBase64String(frame.Payload.GetProperty("state").GetString() ?? ""),
                    frame.Payload.GetProperty("pickler").GetString() ?? "pickle",
                    Names(frame.Payload, "carried"),
                    NotCarried(frame.Payload, "not_carried")),
                _ => null,
            };
        }
        catch (Exception error) when (error is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException(
                $"The prelude's '{frame.Kind}' frame is not in the expected shape ({error.Message}); the remote prelude and Lyceum.Interactive may be different versions.",
                error);
        }
    }

    private static Dictionary<string, string> MimeData(JsonElement payload)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in payload.GetProperty("data").EnumerateObject())
        {
            data[item.Name] = item.Value.ValueKind == JsonValueKind.String ? item.Value.GetString()! : item.Value.GetRawText();
        }
        return data;
    }

    private static Dictionary<string, JsonElement> Values(JsonElement payload)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var item in payload.GetProperty("values").EnumerateObject())
        {
            values[item.Name] = item.Value.Clone();
        }
        return values;
    }

    private static Dictionary<string, string> TypeNames(JsonElement payload)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (payload.TryGetProperty("types", out var types))
        {
            foreach (var item in types.EnumerateObject())
            {
                names[item.Name] = item.Value.GetString() ?? "";
            }
        }
        return names;
    }

    private static List<string> Names(JsonElement payload, string property) =>
        payload.TryGetProperty(property, out var names)
            ? names.EnumerateArray().Select(n => n.GetString() ?? "").ToList()
            : [];

    private static List<NotCarriedValue> NotCarried(JsonElement payload, string property) =>
        payload.TryGetProperty(property, out var items)
            ? items.EnumerateArray()
                .Select(i => new NotCarriedValue(i.GetProperty("name").GetString() ?? "", i.GetProperty("reason").GetString() ?? ""))
                .ToList()
            : [];
}
