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

    [Fact]
    public async Task session_state_is_pickled_once_per_run()
    {
        var cell = await CellOutcome.RunAsync("""
            import sys
            class Counted:
                def __reduce__(self):
                    sys.stderr.write("pickled\n")
                    return (Counted, ())
            counted = Counted()
            """, new CellOptions { Session = true });

        Assert.Equal(["Counted", "counted"], cell.Single<SessionFrame>().Carried);
        Assert.Equal("pickled\n", cell.Run.Stderr);
    }

    [Fact]
    public async Task state_saved_by_another_python_version_is_not_restored_and_the_cell_says_why()
    {
        var options = new CellOptions { Session = true };
        var first = await CellOutcome.RunAsync("kept = 1", options);
        var state = first.Single<SessionFrame>().State;
        using var inflated = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(new MemoryStream(state), System.IO.Compression.CompressionMode.Decompress))
            zlib.CopyTo(inflated);
        var text = System.Text.Encoding.Latin1.GetString(inflated.ToArray());
        var header = text[..text.IndexOf('\n')];
        var older = System.Text.Encoding.Latin1.GetBytes(header.Split(' ')[0] + " 3.7" + text[header.Length..]);
        using var deflated = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(deflated, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            zlib.Write(older);

        var second = await CellOutcome.RunAsync("print('kept' in globals())", options, session: deflated.ToArray());

        Assert.Equal("False\n", second.Text);
        Assert.Matches(@"^lyceum: the session state was saved by Python 3\.7 and this machine runs Python 3\.\d+, so it cannot be restored; this cell starts without it\. Run the earlier cells again on this machine type\.\n$", second.Run.Stderr);
    }
}
