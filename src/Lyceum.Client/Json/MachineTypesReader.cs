using System.Globalization;
using System.Text.Json;

namespace Lyceum.Client.Json;

/// <summary>Reads a machine-type catalogue in whatever shape the service sends: <c>{machine_types:[…], count}</c>, a bare
/// array, or an object of arrays; each entry names its machine as <c>hardware_profile</c> (or <c>name</c>,
/// <c>machine_type</c>, <c>execution_type</c>) and its price as <c>price_per_hour</c> (or <c>price</c>), a number or a string.</summary>
internal static class MachineTypesReader
{
    private static readonly string[] NameFields = ["hardware_profile", "name", "machine_type", "execution_type", "id"];
    private static readonly string[] PriceFields = ["price_per_hour", "price", "hourly_price", "credits_per_hour"];

    /// <summary>The entries found; null when the body holds no list of machines at all (e.g. a bare <c>{"status":"ok"}</c>).</summary>
    public static IReadOnlyList<MachineType>? Read(JsonElement root)
    {
        var list = FindList(root);
        if (list is not { } array)
            return null;
        var machines = new List<MachineType>();
        foreach (var entry in array.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.String && entry.GetString() is { Length: > 0 } bare)
                machines.Add(new MachineType(bare, null));
            else if (entry.ValueKind == JsonValueKind.Object && Text(entry, NameFields) is { Length: > 0 } name)
                machines.Add(new MachineType(name, Price(entry)));
        }

        return machines;
    }

    private static JsonElement? FindList(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
            return root;
        if (root.ValueKind != JsonValueKind.Object)
            return null;
        foreach (var name in (ReadOnlySpan<string>)["machine_types", "machines", "data", "items"])
        {
            if (root.TryGetProperty(name, out var value) && FindList(value) is { } found)
                return found;
        }

        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Array)
                return property.Value;
        }

        return null;
    }

    private static string? Text(JsonElement entry, string[] names)
    {
        foreach (var name in names)
        {
            if (entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                return value.GetString();
        }

        return null;
    }

    private static decimal? Price(JsonElement entry)
    {
        foreach (var name in PriceFields)
        {
            if (!entry.TryGetProperty(name, out var value))
                continue;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
                return number;
            if (value.ValueKind == JsonValueKind.String
                && decimal.TryParse(value.GetString()?.Trim().TrimStart('$'), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                return parsed;
        }

        return null;
    }
}
