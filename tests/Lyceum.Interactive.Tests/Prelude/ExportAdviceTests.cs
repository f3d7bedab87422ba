using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Tests.Prelude;

public class ExportAdviceTests
{
    private static readonly Dictionary<string, string> Defined = new() { ["df"] = "DataFrame", ["token"] = "str" };

    [Fact]
    public void a_defined_name_that_was_not_exported_says_exactly_how_to_export_it()
    {
        var message = ExportAdvice.NotSent("lyceum-python", "df", Defined, []);

        Assert.Equal(
            "'df' (DataFrame) stays on the machine: values leave a run only when exported. "
            + "Start the cell with #!lyceum-python --export df (or --export * for every value) and run it again.",
            message);
    }

    [Fact]
    public void an_unknown_name_lists_what_the_last_cell_defined()
    {
        var message = ExportAdvice.NotSent("gpu", "dff", Defined, []);

        Assert.Equal("#!gpu has no variable 'dff' (the last cell defined: df, token).", message);
    }

    [Fact]
    public void an_exported_name_that_could_not_travel_says_why()
    {
        var message = ExportAdvice.NotSent("lyceum-python", "model", Defined, [new NotCarriedValue("model", "not JSON-serialisable (Net)")]);

        Assert.StartsWith("#!lyceum-python could not send 'model' back: not JSON-serialisable (Net).", message);
    }
}
