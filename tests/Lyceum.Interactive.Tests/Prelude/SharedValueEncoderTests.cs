using System.Collections;
using Lyceum.Interactive.Prelude;
using Microsoft.DotNet.Interactive.Formatting.TabularData;

namespace Lyceum.Interactive.Tests.Prelude;

public class SharedValueEncoderTests
{
    private sealed record Point(int X, double Y, string? Label);

    private enum Colour
    {
        Red,
    }

    [Fact]
    public void records_become_objects_with_their_property_names()
    {
        var json = SharedValueEncoder.Encode(new[] { new Point(1, 2.5, null) }).GetRawText();

        Assert.Equal("""[{"X":1,"Y":2.5,"Label":null}]""", json);
    }

    [Fact]
    public void numbers_strings_and_dates_keep_their_values()
    {
        var json = SharedValueEncoder.Encode(new object?[]
        {
            long.MaxValue, 0.1, 1.5m, "é", true, Colour.Red, new DateTime(2026, 11, 28, 9, 0, 0, DateTimeKind.Utc), double.NaN, (1, "a"),
        }).GetRawText();

        Assert.Equal("""[9223372036854775807,0.1,1.5,"\u00E9",true,"Red","2026-11-28T09:00:00.0000000Z",null,[1,"a"]]""", json);
    }

    [Fact]
    public void dictionaries_become_objects()
    {
        var json = SharedValueEncoder.Encode(new Dictionary<string, int[]> { ["a"] = [1, 2] }).GetRawText();

        Assert.Equal("""{"a":[1,2]}""", json);
    }

    [Fact]
    public void a_tabular_data_resource_becomes_a_list_of_rows()
    {
        var table = new[] { new Point(1, 2, "p"), new Point(3, 4, "q") }.ToTabularDataResource();

        var json = SharedValueEncoder.Encode(table).GetRawText();

        Assert.Equal("""[{"X":1,"Y":2,"Label":"p"},{"X":3,"Y":4,"Label":"q"}]""", json);
    }

    [Fact]
    public void a_data_frame_like_value_becomes_a_list_of_rows()
    {
        var frame = new FakeDataFrame();

        var json = SharedValueEncoder.Encode(frame).GetRawText();

        Assert.Equal("""[{"city":"Oslo","people":709000},{"city":"Bergen","people":291000}]""", json);
    }

    [Fact]
    public void a_value_with_no_json_form_is_refused_naming_where_it_is()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SharedValueEncoder.Encode(new Dictionary<string, object> { ["callback"] = new Action(() => { }) }, "settings"));

        Assert.Contains("'settings[callback]' (System.Action) cannot be shared with Python", error.Message);
    }

    [Fact]
    public void a_value_that_contains_itself_is_refused()
    {
        var list = new ArrayList();
        list.Add(list);

        var error = Assert.Throws<ArgumentException>(() => SharedValueEncoder.Encode(list, "loop"));

        Assert.Contains("does it refer to itself?", error.Message);
    }

    private sealed class FakeDataFrame
    {
        public IEnumerable<FakeColumn> Columns { get; } = [new("city"), new("people")];

        public IEnumerable<IEnumerable<object>> Rows { get; } = [["Oslo", 709000], ["Bergen", 291000]];
    }

    private sealed record FakeColumn(string Name);
}
