using System.Text.Json;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests.Prelude;

/// <summary>Values between C# and a Lyceum cell through the notebook's #!set, as a user writes it, against Lyceum Local.</summary>
public sealed class ValueSharingTests : IClassFixture<LocalServerFixture>, IDisposable
{
    private readonly LocalServerFixture _local;
    private readonly Notebook _notebook;

    public ValueSharingTests(LocalServerFixture local)
    {
        Formatter.ResetToDefault();
        _local = local;
        _notebook = new Notebook(local.NewClient());
    }

    public void Dispose() => _notebook.Dispose();

    private async Task<string> CSharpResultAsync(string code)
    {
        var result = await _notebook.SubmitAsync("#!csharp\n" + code);
        result.Succeeded();
        return result.Events.OfType<ReturnValueProduced>().Single().FormattedValues.Single(f => f.MimeType == PlainTextFormatter.MimeType).Value;
    }

    [Fact]
    public async Task a_csharp_enum_arrives_as_its_member_name_and_nan_and_infinity_as_none()
    {
        (await _notebook.SubmitAsync("#!csharp\nenum Color { Red, Green }\nvar color = Color.Green;\nvar missing = double.NaN;\nvar readings = new[] { 1.5, double.PositiveInfinity };")).Succeeded();

        (await _notebook.SubmitAsync("#!lyceum-python\n#!set --name color --value @csharp:color\n#!set --name missing --value @csharp:missing\n#!set --name readings --value @csharp:readings")).Succeeded();
        var result = await _notebook.SubmitAsync("#!lyceum-python\nprint(repr(color), repr(missing), repr(readings))");

        result.Succeeded();
        Assert.Equal("'Green' None [1.5, None]\n", result.Stdout());
    }

    [Fact]
    public async Task sharing_a_delegate_is_refused_in_one_sentence_naming_its_type()
    {
        (await _notebook.SubmitAsync("#!csharp\nFunc<int, int> twice = x => 2 * x;")).Succeeded();

        var failed = (await _notebook.SubmitAsync("#!lyceum-python\n#!set --name twice --value @csharp:twice")).Failed();

        Assert.Contains("'twice' (System.Func<System.Int32, System.Int32>) cannot be shared with Python: share numbers, strings", failed.Message);
        Assert.DoesNotContain("System.Text.Json", failed.Message);
        Assert.DoesNotContain(" at ", failed.Message);
    }

    [Fact]
    public async Task python_lists_and_rows_arrive_in_csharp_as_arrays_and_lists_of_dictionaries()
    {
        (await _notebook.SubmitAsync("""
            #!lyceum-python --export *
            losses = [0.9, 0.5, 0.25]
            epochs = [1, 2, 3]
            names = ["a", "b"]
            rows = [{"city": "Oslo", "people": 709000}, {"city": "Bergen", "people": None}]
            mixed = [1, "a"]
            """)).Succeeded();

        var types = await CSharpResultAsync("""
            #!set --name losses --value @lyceum-python:losses
            #!set --name epochs --value @lyceum-python:epochs
            #!set --name names --value @lyceum-python:names
            #!set --name rows --value @lyceum-python:rows
            #!set --name mixed --value @lyceum-python:mixed
            string.Join(" ", new object[] { losses, epochs, names, rows, mixed }.Select(v => v.GetType().Name))
            """);
        Assert.Equal("Double[] Int64[] String[] List`1 JsonElement", types);

        var values = await CSharpResultAsync("$\"{losses.Sum()} {epochs.Sum()} {names[1]} {rows[0][\"city\"]} {rows[1][\"people\"] is null}\"");
        Assert.Equal("1.65 6 b Oslo True", values);
    }

    [Fact]
    public async Task a_value_not_exported_is_not_in_the_services_record_and_set_says_how_to_export_it()
    {
        var cell = await _notebook.SubmitAsync("#!lyceum-python\nsecret_token = 'sk-live-123'\nrows = 3");
        cell.Succeeded();

        var runId = cell.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<RunCard>().Last().ExecutionId!;
        using var client = _local.NewClient();
        var record = await client.Executions.GetAsync(runId);
        Assert.Contains("secret_token", record.Output);
        Assert.DoesNotContain("sk-live-123", record.Output);

        var failed = (await _notebook.SubmitAsync("#!csharp\n#!set --name token --value @lyceum-python:secret_token")).Failed();
        Assert.Contains("'secret_token' (str) stays on the machine: values leave a run only when exported. "
            + "Start the cell with #!lyceum-python --export secret_token (or --export * for every value) and run it again.", failed.Message);
    }

    [Fact]
    public async Task only_the_names_a_cell_exports_can_be_set_in_csharp()
    {
        (await _notebook.SubmitAsync("#!lyceum-python --export metrics\nmetrics = {'loss': 0.25}\nkept_here = 1")).Succeeded();

        Assert.Equal("0.25", await CSharpResultAsync("#!set --name metrics --value @lyceum-python:metrics\nmetrics[\"loss\"].ToString()"));
        var failed = (await _notebook.SubmitAsync("#!csharp\n#!set --name kept --value @lyceum-python:kept_here")).Failed();
        Assert.Contains("--export kept_here", failed.Message);
    }

    [Fact]
    public async Task a_kernel_connected_with_export_sends_those_values_from_every_cell()
    {
        (await _notebook.SubmitAsync("#!connect lyceum --kernel-name shared --export total")).Succeeded();
        (await _notebook.SubmitAsync("#!shared\ntotal = 42\nother = 1")).Succeeded();

        Assert.Equal("42", await CSharpResultAsync("#!set --name total --value @shared:total\ntotal.ToString()"));
        Assert.Contains("--export other", (await _notebook.SubmitAsync("#!csharp\n#!set --name other --value @shared:other")).Failed().Message);
    }
}
