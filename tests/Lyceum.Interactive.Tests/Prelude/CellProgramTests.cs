using System.Text.Json;
using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Tests.Prelude;

public class CellProgramTests
{
    private static readonly string Nonce = CellProgram.NewNonce();

    [Fact]
    public void the_run_code_is_a_small_bootstrap_and_the_rest_goes_in_import_files()
    {
        var parts = CellProgram.Build("print(1)", "cell-3", Nonce, null, null, new CellOptions());

        Assert.DoesNotContain(Nonce, parts.Code);
        Assert.Contains("cell-3.py", parts.Code);
        Assert.True(parts.Code.Split('\n').Length < 25);
        Assert.Equal(
            ["lyceum_cell/cell-3.py", "lyceum_cell/inputs.json", "lyceum_cell/lyceum_mpl_backend.py", "lyceum_cell/lyceum_prelude.py"],
            parts.ImportFiles.Keys.Order());
        Assert.Equal("print(1)", parts.ImportFiles["lyceum_cell/cell-3.py"]);
        using var files = JsonDocument.Parse(parts.ImportFilesJson());
        Assert.Equal(4, files.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public void session_state_is_shipped_only_in_session_mode()
    {
        var withSession = CellProgram.Build("", "c.py", Nonce, null, [1, 2, 3], new CellOptions { Session = true });
        var without = CellProgram.Build("", "c.py", Nonce, null, [1, 2, 3], new CellOptions());

        Assert.Equal("AQID", withSession.ImportFiles["lyceum_cell/session.b64"]);
        Assert.DoesNotContain("lyceum_cell/session.b64", without.ImportFiles.Keys);
    }

    [Theory]
    [InlineData("../x.py")]
    [InlineData("a b.py")]
    [InlineData("lyceum_prelude.py")]
    [InlineData("")]
    public void a_cell_name_that_is_not_a_plain_file_name_is_refused(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => CellProgram.Build("", name, Nonce, null, null, new CellOptions()));

        Assert.Contains("cannot name a cell file", error.Message);
    }

    [Fact]
    public void a_short_nonce_is_refused_with_what_to_do()
    {
        var error = Assert.Throws<ArgumentException>(() => CellProgram.Build("", "c.py", "abc", null, null, new CellOptions()));

        Assert.Contains("CellProgram.NewNonce()", error.Message);
    }

    [Theory]
    [InlineData("class")]
    [InlineData("2x")]
    [InlineData("a-b")]
    public void a_shared_value_name_python_cannot_use_is_refused(string name)
    {
        var values = new Dictionary<string, JsonElement> { [name] = SharedValueEncoder.Encode(1) };

        var error = Assert.Throws<ArgumentException>(() => CellProgram.Build("", "c.py", Nonce, values, null, new CellOptions()));

        Assert.Contains($"'{name}' cannot be a Python variable name", error.Message);
    }

    [Theory]
    [InlineData("df metrics")]
    [InlineData("1st")]
    [InlineData("")]
    public void an_export_that_is_not_a_python_name_is_refused_showing_how_to_write_it(string name)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            CellProgram.Build("", "c.py", Nonce, null, null, new CellOptions { Exports = ["ok", name] }));

        Assert.Contains($"--export '{name}' is not a Python variable name", error.Message);
        Assert.Contains("--export df,metrics", error.Message);
    }

    [Fact]
    public void the_exports_travel_in_the_inputs_file()
    {
        var parts = CellProgram.Build("", "c.py", Nonce, null, null, new CellOptions { Exports = ["df", "*"] });

        using var inputs = JsonDocument.Parse(parts.ImportFiles["lyceum_cell/inputs.json"]);
        Assert.Equal(["df", "*"], inputs.RootElement.GetProperty("exports").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void the_default_session_cap_fits_in_one_request_the_service_accepts()
    {
        var options = new CellOptions { Session = true };
        var state = new byte[options.SessionCapBytes];
        var parts = CellProgram.Build("print(1)", "c.py", Nonce, null, state, options);

        // The request carries import_files as one JSON string holding the files' JSON, plus the bootstrap.
        var body = JsonSerializer.Serialize(new { code = parts.Code, import_files = parts.ImportFilesJson() });
        Assert.True(body.Length <= CellOptions.ServiceRequestLimitBytes - CellOptions.Megabyte / 2, $"{body.Length} bytes");
        Assert.Equal(16 * 1024 * 1024, CellOptions.ServiceRequestLimitBytes);
    }

    [Fact]
    public void a_session_cap_larger_than_a_request_can_carry_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            CellProgram.Build("", "c.py", Nonce, null, null, new CellOptions { SessionCapBytes = 20 * CellOptions.Megabyte }));

        Assert.Contains("up to 16 MB", error.Message);
    }

    [Fact]
    public void each_nonce_is_new()
    {
        Assert.NotEqual(CellProgram.NewNonce(), CellProgram.NewNonce());
        Assert.Matches("^[0-9a-f]{32}$", CellProgram.NewNonce());
    }
}
