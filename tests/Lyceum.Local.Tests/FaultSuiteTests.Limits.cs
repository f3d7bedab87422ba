using System.Net;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed partial class FaultSuiteTests
{
    [Fact]
    public async Task concurrent_uploads_cannot_pass_the_quota_together()
    {
        const int mib = 1024 * 1024;
        await using var server = await TestServer.StartAsync(o => { o.RateLimits = false; o.StorageQuotaBytes = 10 * mib; });
        var bytes = new byte[4 * mib];

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => StorageTests.UploadAsync(server, bytes, formKey: $"part{i}.bin")));

        var stored = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        Assert.InRange(stored, 1, 2);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.RequestEntityTooLarge, a.StatusCode));
        var files = await server.GetJsonAsync("storage/list-files");
        Assert.True(files.EnumerateArray().Sum(f => f.GetProperty("size").GetInt64()) <= 10 * mib, $"the quota was passed: {files}");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.Server.DataDirectory, "tmp")));
    }

    [Fact]
    public async Task concurrent_starts_cannot_overspend_a_small_balance()
    {
        await using var server = await TestServer.StartAsync(o => { o.RateLimits = false; o.FreeCredits = 0.00002m; o.MaxConcurrency = 10; });

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => server.PostJsonAsync("execution/streaming/start", new { code = "print('paid')" })));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
            await Wire.AssertErrorAsync(refused, HttpStatusCode.PaymentRequired);
    }

    [Fact]
    public async Task a_finished_run_gives_its_hold_back_so_the_next_start_is_judged_by_what_was_spent()
    {
        await using var server = await TestServer.StartAsync(o => { o.RateLimits = false; o.FreeCredits = 0.002m; });

        for (var i = 0; i < 3; i++)
            Assert.Equal("completed", Wire.Status((await server.RunAsync(new { code = "print('again')" })).Messages));
    }
}
