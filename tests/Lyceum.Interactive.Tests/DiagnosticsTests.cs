using Lyceum.Interactive.Diagnostics;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.Extensions.Logging;

namespace Lyceum.Interactive.Tests;

/// <summary>Where a notebook user finds what the extension did: <c>#!lyceum status --verbose</c> and the host's stderr.</summary>
public sealed class DiagnosticsTests : IClassFixture<LocalServerFixture>
{
    private readonly LocalServerFixture _local;

    public DiagnosticsTests(LocalServerFixture local)
    {
        _local = local;
        Formatter.ResetToDefault();
    }

    [Fact]
    public async Task status_verbose_shows_the_recent_requests_and_never_the_api_key()
    {
        using var notebook = new Notebook(client: null).AnswerPrompts();
        notebook.Answers["Lyceum API key"] = _local.Server.ApiKey;
        (await notebook.SubmitAsync($"#!lyceum login --api-key @password:\"Lyceum API key\" --url {_local.Server.BaseUrl}")).Succeeded();

        var result = await notebook.SubmitAsync("#!lyceum status --verbose");

        result.Succeeded();
        var text = string.Join("\n", result.Formatted("text/plain"));
        Assert.Contains("Lyceum log lines", text);
        Assert.Contains("GET /api/v2/external/billing/credits answered 200", text);
        Assert.All(result.Visible(), v => Assert.DoesNotContain(_local.Server.ApiKey, v));
    }

    [Fact]
    public async Task status_without_verbose_shows_no_log()
    {
        using var notebook = new Notebook(_local.NewClient());

        var result = await notebook.SubmitAsync("#!lyceum status");

        result.Succeeded();
        Assert.DoesNotContain(result.Formatted("text/plain"), t => t.Contains("Lyceum log lines"));
    }

    [Fact]
    public void lines_at_the_chosen_level_go_to_the_hosts_stderr_and_all_stay_for_status_verbose()
    {
        var stderr = new StringWriter();
        var log = new ExtensionLog(stderr, ExtensionLog.LevelFrom("warning"), TimeProvider.System);
        var logger = log.CreateLogger("Lyceum.Client");

        logger.LogDebug("GET /x answered 200");
        logger.LogWarning("rate limiting (HTTP 429)");

        Assert.Equal(2, log.Recent.Count);
        Assert.DoesNotContain("answered 200", stderr.ToString());
        Assert.Contains("[Lyceum.Interactive]", stderr.ToString());
        Assert.Contains("warn Lyceum.Client: rate limiting (HTTP 429)", stderr.ToString());
    }

    [Fact]
    public void only_the_most_recent_lines_are_kept()
    {
        var log = new ExtensionLog(null, LogLevel.None, TimeProvider.System);
        var logger = log.CreateLogger("Lyceum.Client");

        for (var i = 0; i < ExtensionLog.Capacity + 5; i++)
            logger.LogInformation("line {Number}", i);

        Assert.Equal(ExtensionLog.Capacity, log.Recent.Count);
        Assert.EndsWith("line 5", log.Recent[0]);
    }
}
