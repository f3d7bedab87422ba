using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Formatting.TabularData;

namespace Lyceum.Interactive.Prelude;

/// <summary>
/// Turns .NET values into the JSON a remote cell receives as Python objects: numbers, strings,
/// booleans, lists, dictionaries, records and other objects (by their public properties),
/// tabular data (TabularDataResource, DataFrame-like types) as a list of row dictionaries.
/// </summary>
internal static class SharedValueEncoder
{
    private const int MaxDepth = 64;

    /// <summary>The JSON for <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The value (or something inside it) has no JSON form; the message names it.</exception>
    public static JsonElement Encode(object? value, string name = "value")
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value, name, 0);
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>The JSON for a value that arrived already as JSON text (another kernel's application/json).</summary>
    /// <exception cref="ArgumentException">The text is not JSON.</exception>
    public static JsonElement FromJson(string json, string name = "value")
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            throw new ArgumentException($"The value of '{name}' is not valid JSON ({error.Message}).", nameof(json), error);
        }
    }

    private static void Write(Utf8JsonWriter writer, object? value, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException(
                $"'{path}' is nested more than {MaxDepth} levels deep (does it refer to itself?): share a flatter value.");
        }
        switch (value)
        {
            case null or DBNull:
                writer.WriteNullValue();
                return;
            case JsonElement element:
                element.WriteTo(writer);
                return;
            case JsonDocument document:
                document.RootElement.WriteTo(writer);
                return;
            case JsonNode node:
                node.WriteTo(writer);
                return;
            case string or char or Guid or Uri or TimeSpan:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
            case bool flag:
                writer.WriteBooleanValue(flag);
                return;
            case Enum:
                writer.WriteStringValue(value.ToString());
                return;
            case DateTime time:
                writer.WriteStringValue(time.ToString("O", CultureInfo.InvariantCulture));
                return;
            case DateTimeOffset time:
                writer.WriteStringValue(time.ToString("O", CultureInfo.InvariantCulture));
                return;
            case DateOnly date:
                writer.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                return;
            case TimeOnly time:
                writer.WriteStringValue(time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
                return;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                return;
        }
        if (WriteNumber(writer, value))
        {
            return;
        }
        if (value is Delegate or Type or MemberInfo or Task or Stream or IntPtr or UIntPtr)
        {
            throw Unshareable(path, value);
        }
        if (value is TabularDataResource table)
        {
            WriteRows(writer, table.Data, path, depth);
            return;
        }
        if (DataFrameRows(value) is { } rows)
        {
            WriteRows(writer, rows, path, depth);
            return;
        }
        if (value is IDictionary dictionary)
        {
            writer.WriteStartObject();
            foreach (DictionaryEntry entry in dictionary)
            {
                var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "";
                writer.WritePropertyName(key);
                Write(writer, entry.Value, $"{path}[{key}]", depth + 1);
            }
            writer.WriteEndObject();
            return;
        }
        if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            WritePairs(writer, pairs, path, depth);
            return;
        }
        if (value is IEnumerable sequence)
        {
            WriteArray(writer, sequence, path, depth);
            return;
        }
        if (value is ITuple tuple)
        {
            writer.WriteStartArray();
            for (var i = 0; i < tuple.Length; i++)
            {
                Write(writer, tuple[i], $"{path}[{i}]", depth + 1);
            }
            writer.WriteEndArray();
            return;
        }
        WriteObject(writer, value, path, depth);
    }

    private static bool WriteNumber(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case int or long or short or sbyte or byte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return true;
            case ulong big:
                writer.WriteNumberValue(big);
                return true;
            case decimal number:
                writer.WriteNumberValue(number);
                return true;
            case BigInteger big:
                writer.WriteRawValue(big.ToString(CultureInfo.InvariantCulture));
                return true;
            case double or float or Half:
                var real = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                // JSON has no NaN or infinity; a missing number is the closest Python reading (None).
                if (double.IsFinite(real))
                {
                    writer.WriteNumberValue(real);
                }
                else
                {
                    writer.WriteNullValue();
                }
                return true;
            default:
                return false;
        }
    }

    private static void WritePairs(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> pairs, string path, int depth)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in pairs)
        {
            writer.WritePropertyName(key);
            Write(writer, item, $"{path}[{key}]", depth + 1);
        }
        writer.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter writer, IEnumerable sequence, string path, int depth)
    {
        writer.WriteStartArray();
        var index = 0;
        foreach (var item in sequence)
        {
            Write(writer, item, $"{path}[{index++}]", depth + 1);
        }
        writer.WriteEndArray();
    }

    private static void WriteRows(Utf8JsonWriter writer, IEnumerable<IEnumerable<KeyValuePair<string, object?>>> rows, string path, int depth)
    {
        writer.WriteStartArray();
        var index = 0;
        foreach (var row in rows)
        {
            WritePairs(writer, row, $"{path}[{index++}]", depth + 1);
        }
        writer.WriteEndArray();
    }

    private static void WriteObject(Utf8JsonWriter writer, object value, string path, int depth)
    {
        var properties = value.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true })
            .ToList();
        if (properties.Count == 0)
        {
            throw Unshareable(path, value);
        }
        writer.WriteStartObject();
        foreach (var property in properties)
        {
            writer.WritePropertyName(property.Name);
            Write(writer, property.GetValue(value), $"{path}.{property.Name}", depth + 1);
        }
        writer.WriteEndObject();
    }

    // Microsoft.Data.Analysis.DataFrame and look-alikes, without a package reference: a Columns
    // collection of named columns and a Rows collection whose rows list the cells in column order.
    private static IEnumerable<IEnumerable<KeyValuePair<string, object?>>>? DataFrameRows(object value)
    {
        var type = value.GetType();
        if (type.GetProperty("Columns")?.GetValue(value) is not IEnumerable columns
            || type.GetProperty("Rows")?.GetValue(value) is not IEnumerable rows)
        {
            return null;
        }
        var names = new List<string>();
        foreach (var column in columns)
        {
            if (column?.GetType().GetProperty("Name")?.GetValue(column) is not string name)
            {
                return null;
            }
            names.Add(name);
        }
        return Rows(names, rows);

        static IEnumerable<IEnumerable<KeyValuePair<string, object?>>> Rows(List<string> names, IEnumerable rows)
        {
            foreach (var row in rows)
            {
                var cells = (row as IEnumerable)?.Cast<object?>() ?? [];
                yield return names.Zip(cells, (n, c) => new KeyValuePair<string, object?>(n, c)).ToList();
            }
        }
    }

    private static ArgumentException Unshareable(string path, object value) =>
        new($"'{path}' ({TypeName(value.GetType())}) cannot be shared with Python: share numbers, strings, booleans, lists, dictionaries, records or tables.");

    // System.Func<int, int>, not System.Func`2[[System.Int32, System.Private.CoreLib, Version=…]].
    private static string TypeName(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.FullName ?? type.Name;
        }
        var name = type.GetGenericTypeDefinition().FullName ?? type.Name;
        return $"{name[..name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>";
    }
}
