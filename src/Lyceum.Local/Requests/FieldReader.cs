using System.Globalization;
using System.Text.Json;
using Lyceum.Local.Errors;

namespace Lyceum.Local.Requests;

/// <summary>Typed, tolerant field access (numbers sent as strings are accepted) collecting every problem at once.</summary>
internal sealed class FieldReader(JsonElement root)
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public void Error(string field, string message) => _errors.Add(new FieldError(field, message));

    public bool Has(string field) => TryGet(field, out _);

    public string? String(string field, bool required = false, int maxLength = int.MaxValue, bool allowEmpty = true)
    {
        if (!TryGet(field, out var value))
        {
            if (required)
                Error(field, "Required field missing");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            Error(field, $"Expected a string, got {Kind(value)}");
            return null;
        }
        var text = value.GetString()!;
        if (!allowEmpty && text.Length == 0)
            Error(field, "Must not be empty");
        else if (text.Length > maxLength)
            Error(field, $"Must be at most {maxLength} characters");
        return text;
    }

    public int? Integer(string field, int min, int max, int? fallback = null)
    {
        if (!TryGet(field, out var value))
            return fallback;
        decimal number;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out number)) { }
        else if (value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out number)) { }
        else
        {
            Error(field, $"Expected an integer, got {Kind(value)}");
            return fallback;
        }
        if (number != decimal.Truncate(number))
        {
            Error(field, "Expected a whole number");
            return fallback;
        }
        if (number < min || number > max)
        {
            Error(field, $"Must be between {min} and {max}");
            return fallback;
        }
        return (int)number;
    }

    public decimal? Decimal(string field, decimal min, decimal max, bool required = false)
    {
        if (!TryGet(field, out var value))
        {
            if (required)
                Error(field, "Required field missing");
            return null;
        }
        decimal number;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out number)) { }
        else if (value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out number)) { }
        else
        {
            Error(field, $"Expected a number, got {Kind(value)}");
            return null;
        }
        if (number < min || number > max)
        {
            Error(field, $"Must be between {min} and {max}");
            return null;
        }
        return number;
    }

    public bool? Boolean(string field, bool? fallback = null)
    {
        if (!TryGet(field, out var value))
            return fallback;
        switch (value.ValueKind)
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed): return parsed;
            case JsonValueKind.Number when value.TryGetInt32(out var flag) && flag is 0 or 1: return flag == 1;
            default:
                Error(field, $"Expected true or false, got {Kind(value)}");
                return fallback;
        }
    }

    public IReadOnlyList<string>? StringArray(string field)
    {
        if (!TryGet(field, out var value))
            return null;
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(field, $"Expected an array of strings, got {Kind(value)}");
            return null;
        }
        var items = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
                items.Add(item.GetString()!);
            else
                Error($"{field}[{index}]", $"Expected a string, got {Kind(item)}");
            index++;
        }
        return items;
    }

    /// <summary>A <c>{"path":"content"}</c> object, given as a JSON string (as documented) or as an object (tolerated).</summary>
    public IReadOnlyDictionary<string, string>? StringMap(string field)
    {
        if (!TryGet(field, out var value))
            return null;
        JsonElement map = value;
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            if (text.Trim().Length == 0)
                return null;
            if (JsonText.FindInvalid(System.Text.Encoding.UTF8.GetBytes(text), field) is { } invalid)
            {
                Error(invalid.Field, invalid.Message);
                return null;
            }
            try
            {
                using var document = JsonDocument.Parse(text);
                map = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                Error(field, "Expected a JSON string of an object {\"relative/path.py\": \"file content\"}, but it is not valid JSON");
                return null;
            }
        }
        if (map.ValueKind != JsonValueKind.Object)
        {
            Error(field, $"Expected an object {{\"relative/path.py\": \"file content\"}}, got {Kind(map)}");
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in map.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
                result[property.Name] = property.Value.GetString()!;
            else
                Error($"{field}.{property.Name}", $"Expected the file content as a string, got {Kind(property.Value)}");
        }
        return result;
    }

    private bool TryGet(string field, out JsonElement value)
    {
        value = default;
        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
