using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Text.Json;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class BillingTests
{
    [Fact]
    public async Task a_run_is_charged_its_price_per_hour_times_billed_seconds_rounded_up_from_free_credits_first()
    {
        // 3600 per hour = 1 credit per billed second.
        await using var server = await TestServer.StartAsync(o => o.MachinesFile = MachinesFile(3600m));
        var before = await server.GetJsonAsync("billing/credits");
        Assert.Equal(20m, before.GetProperty("available_credits").GetDecimal());

        var (id, _) = await server.RunAsync(new { code = "import time\ntime.sleep(1.2)" });

        var status = await server.GetJsonAsync($"execution/streaming/{id}/status");
        var seconds = status.GetProperty("cost").GetDecimal();
        Assert.Equal(decimal.Truncate(seconds), seconds);
        Assert.InRange((double)seconds, Math.Ceiling(status.GetProperty("execution_time").GetDouble() - 0.001), Math.Ceiling(status.GetProperty("execution_time").GetDouble() + 0.001));
        var after = await server.GetJsonAsync("billing/credits");
        Assert.Equal(20m - seconds, after.GetProperty("available_credits").GetDecimal());
        Assert.Equal(20m - seconds, after.GetProperty("free_credits_remaining").GetDecimal());
        Assert.Equal(seconds, after.GetProperty("used_credits").GetDecimal());
    }

    [Fact]
    public async Task the_status_shows_the_cost_accruing_while_the_run_is_live()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(o => { o.MachinesFile = MachinesFile(3600m); o.TimeProvider = time; });
        var (id, _) = await server.StartUnderWayAsync("import time\ntime.sleep(30)");
        time.Advance(TimeSpan.FromSeconds(1.5));

        var status = await server.GetJsonAsync($"execution/streaming/{id}/status");

        Assert.True(status.GetProperty("cost").GetDecimal() >= 1m, $"no accrual shown: {status}");
        Assert.False(status.GetProperty("billed").GetBoolean());
        await server.Http.PostAsync($"execution/streaming/abort/{id}", null);
    }

    [Fact]
    public async Task a_start_is_refused_with_402_when_the_balance_is_zero_or_less()
    {
        await using var server = await TestServer.StartAsync(o => o.FreeCredits = 0m);

        var error = await Wire.AssertErrorAsync(await server.PostJsonAsync("execution/streaming/start", new { code = "print(1)" }), HttpStatusCode.PaymentRequired);

        Assert.Contains("/billing/checkout", error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task a_run_that_spends_the_last_credits_blocks_the_next_start()
    {
        await using var server = await TestServer.StartAsync(o => { o.FreeCredits = 1m; o.MachinesFile = MachinesFile(36000m); });

        await server.RunAsync(new { code = "import time\ntime.sleep(0.5)" });

        Assert.True((await server.GetJsonAsync("billing/credits")).GetProperty("available_credits").GetDecimal() <= 0);
        await Wire.AssertErrorAsync(await server.PostJsonAsync("execution/streaming/start", new { code = "print(1)" }), HttpStatusCode.PaymentRequired);
    }

    [Fact]
    public async Task a_confirmed_checkout_credits_the_purchase_and_purchased_credits_are_spent_after_free_ones()
    {
        await using var server = await TestServer.StartAsync(o => { o.FreeCredits = 1m; o.MachinesFile = MachinesFile(3600m); });
        var checkout = await TestServer.JsonAsync(await server.PostJsonAsync("billing/checkout",
            new { credits_amount = 10, success_url = "https://example.invalid/ok", cancel_url = "https://example.invalid/cancel" }));
        var url = checkout.GetProperty("checkout_url").GetString()!;
        Assert.StartsWith(server.Server.BaseUrl.GetLeftPart(UriPartial.Authority), url);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var page = await browser.GetAsync(url);
        Assert.Contains("Confirm purchase", await page.Content.ReadAsStringAsync());
        var confirmed = await browser.PostAsync(url + "/confirm", null);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal("https://example.invalid/ok", confirmed.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync(url + "/confirm", null)).StatusCode);

        var credits = await server.GetJsonAsync("billing/credits");
        Assert.Equal(11m, credits.GetProperty("available_credits").GetDecimal());
        Assert.Equal(10m, credits.GetProperty("purchased_credits").GetDecimal());

        var (id, _) = await server.RunAsync(new { code = "import time\ntime.sleep(1.5)" });
        var cost = (await server.GetJsonAsync($"execution/streaming/{id}/status")).GetProperty("cost").GetDecimal();
        var afterRun = await server.GetJsonAsync("billing/credits");
        Assert.Equal(0m, afterRun.GetProperty("free_credits_remaining").GetDecimal());
        Assert.Equal(10m - (cost - 1m), afterRun.GetProperty("purchased_credits").GetDecimal());
    }

    [Fact]
    public async Task checkout_validates_the_amount_and_urls()
    {
        await using var server = await TestServer.StartAsync();

        await Wire.AssertErrorAsync(await server.PostJsonAsync("billing/checkout", new { }), HttpStatusCode.BadRequest, "credits_amount");
        await Wire.AssertErrorAsync(await server.PostJsonAsync("billing/checkout", new { credits_amount = -5 }), HttpStatusCode.BadRequest, "credits_amount");
        await Wire.AssertErrorAsync(await server.PostJsonAsync("billing/checkout", new { credits_amount = "lots" }), HttpStatusCode.BadRequest, "credits_amount");
        await Wire.AssertErrorAsync(await server.PostJsonAsync("billing/checkout", new { credits_amount = 5, success_url = "javascript:alert(1)" }), HttpStatusCode.BadRequest, "success_url");
    }

    [Fact]
    public async Task history_lists_runs_newest_first_with_limit_and_offset()
    {
        await using var server = await TestServer.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add((await server.RunAsync(new { code = $"print({i})", file_name = $"run{i}.py" })).Id);

        var page = await server.GetJsonAsync("billing/history?limit=2&offset=1");

        Assert.Equal(3, page.GetProperty("total_executions").GetInt32());
        Assert.Equal(2, page.GetProperty("limit").GetInt32());
        Assert.Equal(1, page.GetProperty("offset").GetInt32());
        var listed = page.GetProperty("executions").EnumerateArray().ToList();
        Assert.Equal([ids[1], ids[0]], listed.Select(e => e.GetProperty("execution_id").GetString()));
        Assert.Equal("run1.py", listed[0].GetProperty("file_name").GetString());
        Assert.True(page.GetProperty("total_credits_spent").GetDecimal() > 0);
        Assert.Equal(JsonValueKind.Number, listed[0].GetProperty("billed").ValueKind);
    }

    private static string MachinesFile(decimal cpuPricePerHour)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lyceum-machines-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new[] { new { name = "cpu", price_per_hour = cpuPricePerHour, gpu = false } }));
        return path;
    }
}
