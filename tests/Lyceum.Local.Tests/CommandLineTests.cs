using System.Net;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "lyceum-local-cli-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task help_lists_every_option()
    {
        var (code, stdout) = await ChildServer.RunToEndAsync("--help");

        Assert.Equal(0, code);
        foreach (var option in new[] { "--urls", "--data-dir", "--api-key", "--python", "--max-concurrency", "--pip-args", "--stream", "--no-rate-limits", "--free-credits", "--container-cli" })
            Assert.Contains(option, stdout);
    }

    [Fact]
    public async Task an_unknown_option_fails_with_a_message_naming_it()
    {
        var (code, _) = await ChildServer.RunToEndAsync("--frobnicate");

        Assert.Equal(2, code);
    }

    [Fact]
    public async Task the_ready_line_names_the_api_base_and_the_given_key_works()
    {
        using var child = await ChildServer.StartAsync(_data, "--api-key", "lk_local_cli_test_key");
        using var http = child.Client("lk_local_cli_test_key");

        Assert.Matches(@"^http://127\.0\.0\.1:\d+/api/v2/external$", child.BaseUrl.ToString().TrimEnd('/'));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("billing/credits")).StatusCode);
    }

    [Fact]
    public async Task without_an_api_key_one_is_made_and_printed_once_on_the_first_start()
    {
        string key;
        using (var first = await ChildServer.StartAsync(_data))
        {
            var line = first.Stdout.Split('\n').Single(l => l.Contains("API key"));
            key = line[(line.LastIndexOf(' ') + 1)..].Trim();
            Assert.StartsWith("lk_", key);
            Assert.Equal(0, await first.TerminateAsync());
        }

        using var second = await ChildServer.StartAsync(_data);
        using var http = second.Client(key);

        Assert.DoesNotContain("API key", second.Stdout);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("billing/credits")).StatusCode);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
            Directory.Delete(_data, recursive: true);
    }
}
