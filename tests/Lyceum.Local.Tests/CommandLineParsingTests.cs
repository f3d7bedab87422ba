using System.Text.RegularExpressions;
using Lyceum.Local.Hosting;

namespace Lyceum.Local.Tests;

public sealed class CommandLineParsingTests
{
    [Fact]
    public void every_option_of_the_help_text_reaches_the_server_options()
    {
        var (options, error, help) = CommandLine.Parse([
            "--urls", "http://127.0.0.1:0", "--public-url", "https://lyceum.example.com/", "--data-dir", "/tmp/d", "--api-key", "lk_local_abcdefgh", "--password", "pw",
            "--python", "/usr/bin/python3", "--max-concurrency", "3", "--pip-args", "--no-index --find-links /w", "--install-timeout", "900",
            "--stream", "SSE", "--keep-alive", "0.5", "--log-stream-needs-bearer", "--no-rate-limits", "--free-credits", "7.5", "--storage-quota", "1234", "--price", "cpu=0.25", "--price=gpu.a100=3", "--machines", "/tmp/m.json",
            "--container-cli", "podman", "--container-global-arg=--runtime=/usr/sbin/runc", "--container-run-arg", "--ulimit=host",
            "--compose-cli", "/usr/bin/podman-compose", "--container-env", "CONTAINERS_CONF=/tmp/c.conf",
        ]);

        Assert.Null(error);
        Assert.False(help);
        Assert.NotNull(options);
        Assert.Equal("http://127.0.0.1:0", options.Urls);
        Assert.Equal("https://lyceum.example.com/", options.PublicUrl);
        Assert.Equal("/tmp/d", options.DataDirectory);
        Assert.Equal("lk_local_abcdefgh", options.ApiKey);
        Assert.Equal("pw", options.Password);
        Assert.Equal("/usr/bin/python3", options.Python);
        Assert.Equal(3, options.MaxConcurrency);
        Assert.Equal("--no-index --find-links /w", options.PipArgs);
        Assert.Equal(TimeSpan.FromSeconds(900), options.InstallTimeout);
        Assert.Equal("sse", options.Stream);
        Assert.False(options.RateLimits);
        Assert.Equal(TimeSpan.FromSeconds(0.5), options.KeepAliveInterval);
        Assert.True(options.LogStreamNeedsBearer);
        Assert.Equal(7.5m, options.FreeCredits);
        Assert.Equal(1234, options.StorageQuotaBytes);
        Assert.Equal("/tmp/m.json", options.MachinesFile);
        Assert.Equal(0.25m, options.Prices["cpu"]);
        Assert.Equal(3m, options.Prices["gpu.a100"]);
        Assert.Equal("podman", options.ContainerRuntime!.Cli);
        Assert.Equal(["--runtime=/usr/sbin/runc"], options.ContainerRuntime.GlobalArguments);
        Assert.Equal(["--ulimit=host"], options.ContainerRuntime.RunArguments);
        Assert.Equal("/tmp/c.conf", options.ContainerRuntime.Environment["CONTAINERS_CONF"]);
        Assert.Equal("/usr/bin/podman-compose", options.ContainerRuntime.ComposeCli);
    }

    [Fact]
    public void defaults_are_the_documented_ones()
    {
        var (options, _, _) = CommandLine.Parse([]);

        Assert.NotNull(options);
        Assert.Equal("http://127.0.0.1:5000", options.Urls);
        Assert.Equal(".lyceum-local", options.DataDirectory);
        Assert.Equal("ws", options.Stream);
        Assert.True(options.RateLimits);
        Assert.Equal(20m, options.FreeCredits);
        Assert.Equal(Math.Max(8, Environment.ProcessorCount), options.MaxConcurrency);
        Assert.Equal("python3", options.Python);
        Assert.Null(options.ContainerRuntime);
    }

    [Fact]
    public void the_help_text_lists_the_documented_options_and_the_parser_accepts_each()
    {
        var listed = Regex.Matches(CommandLine.Usage, @"^\s+(--[a-z-]+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

        Assert.Contains("--help", listed);
        foreach (var option in listed.Where(o => o != "--help"))
        {
            var flag = option is "--no-rate-limits" or "--log-stream-needs-bearer";
            var (_, error, _) = CommandLine.Parse(flag ? [option] : [option, ValueFor(option)]);
            Assert.True(error is null, $"{option}: {error}");
        }
        Assert.Equal(
            ["--urls", "--public-url", "--data-dir", "--api-key", "--password", "--python", "--max-concurrency", "--pip-args", "--install-timeout", "--stream", "--keep-alive", "--log-stream-needs-bearer", "--no-rate-limits",
             "--free-credits", "--storage-quota", "--price", "--machines", "--container-cli", "--container-global-arg", "--container-run-arg",
             "--compose-cli", "--container-env", "--log-level", "--help"],
            listed);
    }

    private static string ValueFor(string option) => option switch
    {
        "--stream" => "ws",
        "--container-env" => "A=1",
        "--public-url" => "http://lyceum.example.com",
        "--price" => "cpu=1",
        "--log-level" => "warning",
        _ => "1",
    };

    [Theory]
    [InlineData("--stream", "http", "--stream must be ws or sse")]
    [InlineData("--public-url", "lyceum.example.com", "--public-url must be an absolute http(s) URL")]
    [InlineData("--public-url", "ftp://lyceum.example.com", "--public-url must be an absolute http(s) URL")]
    [InlineData("--public-url", "https://lyceum.example.com/?a=1", "--public-url must not carry a query")]
    [InlineData("--max-concurrency", "0", "--max-concurrency must be a whole number")]
    [InlineData("--free-credits", "-1", "--free-credits must be a number")]
    [InlineData("--storage-quota", "lots", "--storage-quota must be a number of bytes")]
    [InlineData("--container-env", "NOVALUE", "--container-env takes NAME=VALUE")]
    [InlineData("--keep-alive", "0", "--keep-alive must be a number of seconds")]
    [InlineData("--price", "cpu", "--price takes NAME=USD")]
    [InlineData("--log-level", "loud", "--log-level must be one of trace, debug, information")]
    [InlineData("--log-level", "2", "--log-level must be one of")]
    [InlineData("--price", "cpu=-1", "--price takes NAME=USD")]
    [InlineData("--price", "=1", "--price takes NAME=USD")]
    public void a_bad_value_is_refused_with_a_message_naming_the_option(string option, string value, string message)
    {
        var (options, error, _) = CommandLine.Parse([option, value]);

        Assert.Null(options);
        Assert.StartsWith(message, error);
    }

    [Fact]
    public void an_option_without_its_value_says_so()
    {
        var (_, error, _) = CommandLine.Parse(["--data-dir"]);

        Assert.Equal("--data-dir needs a value; see --help.", error);
    }
}
