using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lyceum.Client.Json;

/// <summary>Reads booleans given as <c>true</c>, <c>"true"</c>, <c>1</c> or <c>"1"</c>.</summary>
internal sealed class LenientBooleanConverter : JsonConverter<bool>
{
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Number => reader.TryGetInt64(out var n) && n != 0,
        JsonTokenType.String => reader.GetString()?.Trim().ToLowerInvariant() is "true" or "1" or "yes",
        _ => false,
    };

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
}
