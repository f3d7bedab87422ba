namespace Lyceum.Runner.Tests;

public class RunnerOptionsTests
{
    [Fact]
    public void notebook_and_options_are_read()
    {
        var options = RunnerOptions.Parse(
            ["notebooks/quickstart.ipynb", "--out", "x.ipynb", "--url", "http://127.0.0.1:5000", "--api-key", "lk_abc", "--cell-timeout", "30", "--verbose"])!;

        Assert.Equal("notebooks/quickstart.ipynb", options.NotebookPath);
        Assert.Equal("x.ipynb", options.OutputPath);
        Assert.Equal("http://127.0.0.1:5000", options.ApiUrl);
        Assert.Equal("lk_abc", options.ApiKey);
        Assert.Equal(TimeSpan.FromSeconds(30), options.CellTimeout);
        Assert.True(options.Verbose);
    }

    [Fact]
    public void pip_args_may_start_with_dashes()
    {
        var options = RunnerOptions.Parse(["a.ipynb", "--pip-args", "--no-index --find-links /w", "--python", "/usr/bin/python3"])!;

        Assert.Equal("--no-index --find-links /w", options.PipArgs);
        Assert.Equal("/usr/bin/python3", options.Python);
    }

    [Fact]
    public void extension_feed_names_the_folder_to_load_the_extension_from()
    {
        Assert.Equal("/tmp/feed", RunnerOptions.Parse(["quickstart.ipynb", "--extension-feed", "/tmp/feed"])!.ExtensionFeed);
    }

    [Fact]
    public void cell_timeout_defaults_to_ten_minutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), RunnerOptions.Parse(["a.ipynb"])!.CellTimeout);
    }

    [Fact]
    public void help_asks_for_the_usage_text()
    {
        Assert.Null(RunnerOptions.Parse(["--help"]));
    }

    [Theory]
    [InlineData(new[] { "a.ipynb", "--api-key", "lk_x" }, "--api-key needs --url")]
    [InlineData(new[] { "a.ipynb", "--bogus" }, "Unknown option '--bogus'")]
    [InlineData(new[] { "a.ipynb", "--cell-timeout", "soon" }, "not a positive number of seconds")]
    [InlineData(new[] { "a.ipynb", "--out" }, "--out needs a value")]
    [InlineData(new[] { "a.ipynb", "b.ipynb" }, "Only one notebook")]
    [InlineData(new[] { "--verbose" }, "Name the notebook to run")]
    [InlineData(new[] { "a.ipynb", "--url", "not a url" }, "is not an absolute URL")]
    public void bad_command_lines_are_rejected_with_what_to_do(string[] args, string expected)
    {
        var error = Assert.Throws<RunnerUsageException>(() => RunnerOptions.Parse(args));
        Assert.Contains(expected, error.Message);
    }
}
