using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Tests.Prelude;

public partial class RemoteCellTests
{
    private const string FirstCell = """
        import os
        settings = {"lr": 0.1, "layers": [64, 32]}

        class Model:
            def __init__(self, name):
                self.name = name
            def describe(self):
                return f"{self.name} with {len(settings['layers'])} layers"

        model = Model("tiny")
        log = open("log.txt", "w")
        """;

    public static TheoryData<string> Interpreters()
    {
        var data = new TheoryData<string> { LocalPython.Default };
        // Debian's python3 has no cloudpickle, so it exercises the standard-library pickling path.
        if (File.Exists(LocalPython.Debian) && LocalPython.CanImport(LocalPython.Default, "cloudpickle"))
        {
            data.Add(LocalPython.Debian);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Interpreters))]
    public async Task session_mode_carries_a_dict_and_a_class_instance_to_the_next_run(string python)
    {
        var options = new CellOptions { Session = true, Exports = ["settings"] };
        var first = await CellOutcome.RunAsync(FirstCell, options, python: python);
        var state = first.Single<SessionFrame>();
        Assert.Equal(["settings", "Model", "model"], state.Carried);

        var second = await CellOutcome.RunAsync("""
            settings["lr"] = settings["lr"] * 2
            print(model.describe(), settings["lr"], isinstance(model, Model))
            """, options, session: state.State, python: python);

        Assert.Equal("tiny with 2 layers 0.2 True\n", second.Text);
        Assert.Equal(0, second.Run.ExitCode);
        Assert.Equal(0.2, second.Single<VariablesFrame>().Values["settings"].GetProperty("lr").GetDouble());
    }

    [Fact]
    public async Task session_mode_lists_a_module_and_an_open_file_as_not_carried()
    {
        var cell = await CellOutcome.RunAsync(FirstCell + "\nimport threading\nlock = threading.Lock()\n", new CellOptions { Session = true });

        var notCarried = cell.Single<SessionFrame>().NotCarried.ToDictionary(n => n.Name, n => n.Reason);
        Assert.Equal("open file", notCarried["log"]);
        Assert.StartsWith("module", notCarried["os"]);
        Assert.StartsWith("module", notCarried["threading"]);
        Assert.StartsWith("unpicklable", notCarried["lock"]);
    }

    [Fact]
    public async Task session_state_over_the_cap_is_listed_not_carried()
    {
        var cell = await CellOutcome.RunAsync("""
            import random
            random.seed(1)
            noise = bytes(random.getrandbits(8) for _ in range(50000))
            small = {"keep": True}
            """, new CellOptions { Session = true, SessionCapBytes = 10000 });

        var state = cell.Single<SessionFrame>();
        Assert.Equal(["small"], state.Carried);
        Assert.Contains(state.NotCarried, n => n.Name == "noise" && n.Reason.Contains("over the", StringComparison.Ordinal));
        Assert.True(state.State.Length <= 10000);
    }

    [Fact]
    public async Task without_session_mode_nothing_is_carried()
    {
        var first = await CellOutcome.RunAsync(FirstCell);
        Assert.Empty(first.Frames.OfType<SessionFrame>());

        var second = await CellOutcome.RunAsync("print('settings' in globals())");
        Assert.Equal("False\n", second.Text);
    }

    [Fact]
    public async Task state_given_without_session_mode_is_not_shipped()
    {
        var first = await CellOutcome.RunAsync("kept = 1", new CellOptions { Session = true });
        var state = first.Single<SessionFrame>().State;

        var second = await CellOutcome.RunAsync("print('kept' in globals())", session: state);

        Assert.Equal("False\n", second.Text);
    }
}
