using System.Text.Json;

namespace Lyceum.Runner;

/// <summary>
/// One line the dotnet-interactive stdio host wrote: an event envelope
/// (<c>{"event":{…},"eventType":"…","command":{"token":"…",…}}</c>) or, rarely, a command the host sends to its frontend.
/// </summary>
internal sealed class HostMessage
{
    private HostMessage(JsonElement root, string line)
    {
        Line = line;
        EventType = root.TryGetProperty("eventType", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        Event = root.TryGetProperty("event", out var body) ? body.Clone() : default;

        if (EventType is null)
        {
            // A command envelope at top level: the host is asking the frontend for something.
            CommandEnvelope = root.Clone();
        }
        else if (root.TryGetProperty("command", out var command) && command.ValueKind == JsonValueKind.Object)
        {
            CommandEnvelope = command.Clone();
        }

        if (CommandEnvelope is { } envelope)
        {
            Token = envelope.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
            CommandType = envelope.TryGetProperty("commandType", out var ct) && ct.ValueKind == JsonValueKind.String ? ct.GetString() : null;
        }
    }

    /// <summary>The raw line, for --verbose.</summary>
    public string Line { get; }

    public string? EventType { get; }

    public JsonElement Event { get; }

    /// <summary>The token of the command this event belongs to (children carry "parent.N").</summary>
    public string? Token { get; }

    public string? CommandType { get; }

    public JsonElement? CommandEnvelope { get; }

    public bool IsCommandFromHost => EventType is null && CommandType is not null;

    public bool IsTerminal => EventType is "CommandSucceeded" or "CommandFailed";

    /// <summary>The display id of DisplayedValueProduced/Updated events.</summary>
    public string? ValueId => StringProperty("valueId");

    /// <summary>The message of CommandFailed and ErrorProduced.</summary>
    public string? Message => StringProperty("message");

    /// <summary>Parses one stdout line; null for anything that is not a JSON object (banners, blank lines).</summary>
    public static HostMessage? Parse(string line)
    {
        if (!line.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.ValueKind == JsonValueKind.Object ? new HostMessage(json.RootElement, line) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether this message belongs to the command with <paramref name="rootToken"/> or one of its children.</summary>
    public bool BelongsTo(string rootToken) =>
        Token is { } token &&
        (token == rootToken || (token.StartsWith(rootToken, StringComparison.Ordinal) && token.Length > rootToken.Length && token[rootToken.Length] == '.'));

    /// <summary>The formatted values (MIME type to text) an output event carries, without those marked suppressDisplay.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> FormattedValues()
    {
        var values = new List<KeyValuePair<string, string>>();
        if (Event.ValueKind == JsonValueKind.Object && Event.TryGetProperty("formattedValues", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.TryGetProperty("suppressDisplay", out var suppress) && suppress.ValueKind == JsonValueKind.True)
                {
                    continue;
                }

                if (item.TryGetProperty("mimeType", out var mime) && mime.ValueKind == JsonValueKind.String &&
                    item.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
                {
                    values.Add(new(mime.GetString()!, value.GetString()!));
                }
            }
        }

        return values;
    }

    private string? StringProperty(string name) =>
        Event.ValueKind == JsonValueKind.Object && Event.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
