using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lyceum.Client.Json;

/// <summary>Reads timestamps as ISO 8601 (with or without zone, space or T), or Unix seconds/milliseconds;
/// anything unreadable becomes null rather than failing the whole response.</summary>
internal sealed class LenientDateTimeOffsetConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetDouble(out var number):
                return FromUnix(number);
            case JsonTokenType.String:
                var text = reader.GetString();
                if (string.IsNullOrWhiteSpace(text))
                    return null;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var unix))
                    return FromUnix(unix);
                return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
                    ? parsed
                    : null;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v)
            writer.WriteStringValue(v.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        else
            writer.WriteNullValue();
    }

    // Values past year 2286 in seconds are taken as milliseconds.
    private static DateTimeOffset? FromUnix(double value) =>
        value > 1e10 ? DateTimeOffset.FromUnixTimeMilliseconds((long)value) : DateTimeOffset.FromUnixTimeMilliseconds((long)(value * 1000));
}
