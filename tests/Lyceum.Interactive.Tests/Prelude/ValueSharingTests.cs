using System.Text.Json;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests.Prelude;

/// <summary>Values between C# and a Lyceum cell through the notebook's #!set, as a user writes it, against Lyceum Local.</summary>
public sealed class ValueSharingTests : IClassFixture<LocalServerFixture>, IDisposable
{
    private readonly Notebook _notebook;

    public ValueSharingTests(LocalServerFixture local)
    {
        Formatter.ResetToDefault();
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
            #!lyceum-python
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
}
