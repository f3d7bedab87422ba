using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Prelude;

/// <summary>
/// Turns the JSON of a value a Lyceum cell exported into the .NET value a C# cell gets from
/// <c>#!set --value @lyceum-python:name</c>: numbers, strings and booleans as themselves, lists of numbers as
/// <c>long[]</c> or <c>double[]</c>, lists of strings as <c>string[]</c>, lists of row dictionaries (a DataFrame)
/// as <c>List&lt;Dictionary&lt;string, object?&gt;&gt;</c>, dictionaries as <c>Dictionary&lt;string, object?&gt;</c>;
/// a <see cref="JsonElement"/> only where nothing better fits (a list mixing kinds).
/// </summary>
internal static class SharedValueDecoder
{
    // The host hands a #!set the formatted value of the source kernel's ValueProduced, the same instance:
    // that instance is how a .NET kernel's SendValue is recognised as one of ours and gets the typed value.
    private static readonly ConditionalWeakTable<FormattedValue, object> Typed = new();

    /// <summary>The .NET value for <paramref name="json"/> (null for JSON null).</summary>
    public static object? Decode(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => json.GetString(),
        JsonValueKind.Number => json.TryGetInt64(out var whole) ? whole : (object)json.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Object => DecodeObject(json),
        JsonValueKind.Array => DecodeArray(json),
        _ => null,
    };

    /// <summary>The JSON form that goes with the typed value: what a kernel receives when it is not a .NET kernel.</summary>
    public static FormattedValue Format(JsonElement json)
    {
        var formatted = new FormattedValue(JsonFormatter.MimeType, json.GetRawText());
        if (Decode(json) is { } typed)
        {
            Typed.AddOrUpdate(formatted, typed);
        }
        return formatted;
    }

    /// <summary>The typed value behind a formatted value this class made, if it is one.</summary>
    public static bool TryGetTyped(FormattedValue? formatted, out object? value)
    {
        value = null;
        return formatted is not null && Typed.TryGetValue(formatted, out value);
    }

    private static Dictionary<string, object?> DecodeObject(JsonElement json)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            result[property.Name] = Decode(property.Value);
        }
        return result;
    }

    private static object DecodeArray(JsonElement json)
    {
        var items = json.EnumerateArray().ToList();
        if (items.Count == 0)
        {
            return Array.Empty<object?>();
        }
        if (items.All(i => i.ValueKind == JsonValueKind.Number))
        {
            return items.All(i => i.TryGetInt64(out _))
                ? items.Select(i => i.GetInt64()).ToArray()
                : items.Select(i => i.GetDouble()).ToArray();
        }
        if (items.All(i => i.ValueKind is JsonValueKind.Number or JsonValueKind.Null))
        {
            // A missing number (Python's None or NaN) reads as NaN, as in pandas.
            return items.Select(i => i.ValueKind == JsonValueKind.Null ? double.NaN : i.GetDouble()).ToArray();
        }
        if (items.All(i => i.ValueKind is JsonValueKind.String or JsonValueKind.Null))
        {
            return items.Select(i => i.GetString()).ToArray();
        }
        if (items.All(i => i.ValueKind is JsonValueKind.True or JsonValueKind.False))
        {
            return items.Select(i => i.GetBoolean()).ToArray();
        }
        if (items.All(i => i.ValueKind == JsonValueKind.Object))
        {
            return items.Select(DecodeObject).ToList();
        }
        if (items.All(i => i.ValueKind == JsonValueKind.Array))
        {
            var rows = items.Select(DecodeArray).ToList();
            var type = rows[0].GetType();
            if (type.IsArray && rows.All(r => r.GetType() == type))
            {
                var matrix = Array.CreateInstance(type, rows.Count);
                for (var i = 0; i < rows.Count; i++)
                {
                    matrix.SetValue(rows[i], i);
                }
                return matrix;
            }
        }
        return json.Clone();
    }
}
