using System.Text.Json;
using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Tests.Prelude;

public partial class RemoteCellTests
{
    private sealed record Sale(string Region, int Units, double Price, bool Shipped);

    [Fact]
    public async Task a_list_of_records_goes_to_python_and_comes_back_unchanged()
    {
        Sale[] sales = [new("north", 3, 9.5, true), new("süd", 0, 12.25, false)];
        var values = new Dictionary<string, JsonElement> { ["sales"] = SharedValueEncoder.Encode(sales, "sales") };

        var cell = await CellOutcome.RunAsync("""
            print(type(sales).__name__, type(sales[0]).__name__, sales[1]["Region"], sum(s["Units"] for s in sales))
            copy = [dict(s) for s in sales]
            """, new CellOptions { Exports = ["sales", "copy"] }, values: values);

        Assert.Equal("list dict süd 3\n", cell.Text);
        var back = cell.Single<VariablesFrame>().Values;
        var roundTrip = back["copy"].Deserialize<Sale[]>();
        Assert.Equal(sales, roundTrip);
        Assert.Equal(back["sales"].GetRawText(), back["copy"].GetRawText());
    }

    [Fact]
    public async Task by_default_a_cell_sends_back_the_names_and_types_it_defined_but_no_values()
    {
        var cell = await CellOutcome.RunAsync("""
            secret_token = "sk-live-123"
            scores = [0.5, 0.75]
            def helper(): pass
            """);

        // Everything in stdout is kept in the service's record of the run: the secret must not be in it at all.
        Assert.DoesNotContain("sk-live-123", cell.Run.Stdout);
        var frame = cell.Single<VariablesFrame>();
        Assert.Empty(frame.Values);
        Assert.Empty(frame.Skipped);
        Assert.Equal("str", frame.TypeNames["secret_token"]);
        Assert.Equal("list", frame.TypeNames["scores"]);
        Assert.Equal("function", frame.TypeNames["helper"]);
    }

    [Fact]
    public async Task only_the_exported_names_send_their_values_back()
    {
        var cell = await CellOutcome.RunAsync("""
            secret_token = "sk-live-123"
            metrics = {"loss": 0.25}
            df = [{"city": "Oslo"}]
            """, new CellOptions { Exports = ["df", "metrics"] });

        Assert.DoesNotContain("sk-live-123", cell.Run.Stdout);
        var frame = cell.Single<VariablesFrame>();
        Assert.Equal(["df", "metrics"], frame.Values.Keys);
        Assert.Equal("""{"loss":0.25}""", frame.Values["metrics"].GetRawText());
        Assert.Contains("secret_token", frame.TypeNames.Keys);
    }

    [Fact]
    public async Task export_star_sends_every_data_value_and_lists_what_json_cannot_carry()
    {
        var cell = await CellOutcome.RunAsync("""
            import json
            number = 1.5
            text = "hi"
            nested = {"a": [1, None, True]}
            _private = 1
            def function(): pass
            class Kind: pass
            instance = Kind()
            not_a_number = float("nan")
            """, new CellOptions { Exports = [CellOptions.ExportAll] });

        var frame = cell.Single<VariablesFrame>();
        Assert.Equal(["number", "text", "nested"], frame.Values.Keys);
        Assert.Equal("""{"a":[1,null,true]}""", frame.Values["nested"].GetRawText());
        Assert.Equal(["instance", "not_a_number"], frame.Skipped.Select(s => s.Name));
        Assert.Contains("not JSON-serialisable (Kind)", frame.Skipped[0].Reason);
        Assert.DoesNotContain("json", frame.TypeNames.Keys);
        Assert.DoesNotContain("_private", frame.TypeNames.Keys);
    }

    [Fact]
    public async Task export_star_leaves_plot_objects_out_without_listing_them()
    {
        var cell = await CellOutcome.RunAsync("""
            class Figure: pass
            Figure.__module__ = "matplotlib.figure"
            class Axes: pass
            Axes.__module__ = "matplotlib.axes._axes"
            fig, ax = Figure(), Axes()
            points = [1, 2]
            """, new CellOptions { Exports = [CellOptions.ExportAll] });

        var frame = cell.Single<VariablesFrame>();
        Assert.Equal(["points"], frame.Values.Keys);
        Assert.Empty(frame.Skipped);
    }

    [Fact]
    public async Task an_exported_name_the_cell_did_not_define_is_listed_as_not_sent()
    {
        var cell = await CellOutcome.RunAsync("defined = 1", new CellOptions { Exports = ["defined", "typo"] });

        var frame = cell.Single<VariablesFrame>();
        Assert.Equal(["defined"], frame.Values.Keys);
        var skipped = Assert.Single(frame.Skipped);
        Assert.Equal(new NotCarriedValue("typo", "not defined by the cell"), skipped);
    }

    [Fact]
    public async Task variables_beyond_the_size_cap_are_listed_not_sent()
    {
        var cell = await CellOutcome.RunAsync("""
            small = "x" * 100
            big = "y" * 5000
            also_small = [1, 2, 3]
            """, new CellOptions { VariablesCapBytes = 1000, Exports = [CellOptions.ExportAll] });

        var frame = cell.Single<VariablesFrame>();
        Assert.Equal(["small", "also_small"], frame.Values.Keys);
        var skipped = Assert.Single(frame.Skipped);
        Assert.Equal("big", skipped.Name);
        Assert.Contains("over the", skipped.Reason);
    }

    [Fact]
    public async Task shared_values_arrive_as_python_objects_before_the_cell_runs()
    {
        var values = new Dictionary<string, JsonElement>
        {
            ["count"] = SharedValueEncoder.Encode(3),
            ["ratio"] = SharedValueEncoder.Encode(0.25m),
            ["name"] = SharedValueEncoder.Encode("Ada"),
            ["flags"] = SharedValueEncoder.Encode(new Dictionary<string, bool> { ["on"] = true }),
            ["nothing"] = SharedValueEncoder.Encode(null),
        };

        var cell = await CellOutcome.RunAsync(
            "print(type(count).__name__, type(ratio).__name__, name, flags['on'], nothing)", values: values);

        Assert.Equal("int float Ada True None\n", cell.Text);
    }

    [Fact]
    public async Task pandas_data_frames_and_numpy_values_come_back_as_rows_and_lists()
    {
        // Stand-ins with the real libraries' module names and methods: neither library is installed here.
        var cell = await CellOutcome.RunAsync("""
            import json
            class DataFrame:
                def __init__(self, rows): self.rows = rows
                def to_json(self, orient, date_format): return json.dumps(self.rows)
            DataFrame.__module__ = "pandas.core.frame"
            class ndarray:
                def tolist(self): return [[1, 2], [3, 4]]
            ndarray.__module__ = "numpy"
            table = DataFrame([{"city": "Oslo", "people": 709000}])
            matrix = ndarray()
            """, new CellOptions { Exports = ["table", "matrix"] });

        var frame = cell.Single<VariablesFrame>();
        Assert.Equal("""[{"city":"Oslo","people":709000}]""", frame.Values["table"].GetRawText());
        Assert.Equal("[[1,2],[3,4]]", frame.Values["matrix"].GetRawText());
        Assert.Equal("DataFrame", frame.TypeNames["table"]);
        Assert.Equal("ndarray", frame.TypeNames["matrix"]);
    }
}
