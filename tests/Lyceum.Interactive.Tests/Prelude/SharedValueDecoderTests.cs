using System.Text.Json;
using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Tests.Prelude;

public class SharedValueDecoderTests
{
    private static object? Decode(string json)
    {
        using var document = JsonDocument.Parse(json);
        return SharedValueDecoder.Decode(document.RootElement.Clone());
    }

    [Fact]
    public void numbers_become_long_or_double_and_lists_of_them_arrays()
    {
        Assert.Equal(3L, Decode("3"));
        Assert.Equal(2.5, Decode("2.5"));
        Assert.Equal(new long[] { 1, 2 }, Decode("[1, 2]"));
        Assert.Equal(new[] { 1.0, 2.5 }, Decode("[1, 2.5]"));
        Assert.Equal(new[] { 1.0, double.NaN }, Decode("[1, null]"));
    }

    [Fact]
    public void strings_booleans_and_nested_lists_become_typed_arrays()
    {
        Assert.Equal(new[] { "a", null }, Decode("""["a", null]"""));
        Assert.Equal(new[] { true, false }, Decode("[true, false]"));
        Assert.Equal(new[] { new long[] { 1, 2 }, new long[] { 3, 4 } }, Decode("[[1, 2], [3, 4]]"));
    }

    [Fact]
    public void rows_become_a_list_of_dictionaries_and_an_object_a_dictionary()
    {
        var rows = Assert.IsType<List<Dictionary<string, object?>>>(Decode("""[{"city": "Oslo", "n": 1}, {"city": null}]"""));
        Assert.Equal("Oslo", rows[0]["city"]);
        Assert.Equal(1L, rows[0]["n"]);
        Assert.Null(rows[1]["city"]);
        var settings = Assert.IsType<Dictionary<string, object?>>(Decode("""{"lr": 0.1, "layers": [64, 32]}"""));
        Assert.Equal(new long[] { 64, 32 }, settings["layers"]);
    }

    [Fact]
    public void a_list_mixing_kinds_stays_json()
    {
        var mixed = Assert.IsType<JsonElement>(Decode("""[1, "a"]"""));
        Assert.Equal("""[1, "a"]""", mixed.GetRawText());
    }
}
