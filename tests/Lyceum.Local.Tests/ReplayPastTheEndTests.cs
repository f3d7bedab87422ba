using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class ReplayPastTheEndTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    public async Task a_reader_asking_past_the_end_of_a_finished_run_still_gets_its_terminal_message(int beyond)
    {
        await using var server = await TestServer.StartAsync();
        var (_, url) = await server.StartRunAsync(new { code = "print('done')" });
        var all = await TestServer.ReadSseAsync(url);
        var last = all[^1].GetProperty("seq").GetInt64();

        var late = await TestServer.ReadSseAsync(url, $"?after={last + beyond}");

        var terminal = Assert.Single(late);
        Assert.True(terminal.TryGetProperty("jobFinished", out _));
        Assert.Equal(all[^1].GetRawText(), terminal.GetRawText());
    }
}
