using System.Net;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

/// <summary>The machine catalogue the official CLI probes, its prices, and billing by them.</summary>
public sealed class MachineTypeTests
{
    [Fact]
    public async Task machine_types_lists_every_type_with_its_price_on_both_addresses()
    {
        await using var server = await TestServer.StartAsync();

        var catalogue = await server.GetJsonAsync("machine-types");
        var older = await server.GetJsonAsync("compute/machine-types");

        Assert.Equal(catalogue.GetRawText(), older.GetRawText());
        var types = catalogue.GetProperty("machine_types").EnumerateArray().ToList();
        Assert.Equal(types.Count, catalogue.GetProperty("count").GetInt32());
        var byName = types.ToDictionary(t => t.GetProperty("hardware_profile").GetString()!);
        Assert.Equal(["cpu", "gpu", "gpu.a100", "gpu.h100", "gpu.l40s"], byName.Keys.Order());
        Assert.Equal(0.10m, byName["cpu"].GetProperty("price_per_hour").GetDecimal());
        Assert.True(byName["cpu"].GetProperty("available").GetBoolean());
        Assert.False(byName["cpu"].GetProperty("gpu").GetBoolean());
        Assert.Equal(2.50m, byName["gpu.a100"].GetProperty("price_per_hour").GetDecimal());
        Assert.Equal("NVIDIA A100", byName["gpu.a100"].GetProperty("gpu_model").GetString());
        Assert.Equal("USD", byName["gpu.h100"].GetProperty("currency").GetString());
    }

    [Fact]
    public async Task machine_types_needs_a_valid_bearer()
    {
        await using var server = await TestServer.StartAsync();
        using var anonymous = server.Client(null);
        using var wrong = server.Client("lk_live_not_a_key_at_all");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("machine-types")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("machine-types")).StatusCode);
    }

    [Fact]
    public async Task a_price_given_at_start_is_listed_and_a_run_is_billed_by_it()
    {
        // 3600 per hour = 1 credit per billed second.
        await using var server = await TestServer.StartAsync(o => o.Prices["cpu"] = 3600m);
        var cpu = (await server.GetJsonAsync("machine-types")).GetProperty("machine_types").EnumerateArray()
            .Single(t => t.GetProperty("hardware_profile").GetString() == "cpu");
        Assert.Equal(3600m, cpu.GetProperty("price_per_hour").GetDecimal());

        var (id, _) = await server.RunAsync(new { code = "print('billed')" });

        var status = await server.GetJsonAsync($"execution/streaming/{id}/status");
        var cost = status.GetProperty("cost").GetDecimal();
        var seconds = status.GetProperty("execution_time").GetDouble();
        Assert.Equal(decimal.Truncate(cost), cost);
        Assert.InRange((double)cost, Math.Ceiling(seconds - 0.001), Math.Ceiling(seconds + 0.001));
        Assert.True(cost >= 1m);
        var history = await server.GetJsonAsync("billing/history");
        Assert.Equal(cost, history.GetProperty("executions")[0].GetProperty("billed").GetDecimal());
        Assert.Equal(cost, history.GetProperty("total_credits_spent").GetDecimal());
        Assert.Equal(20m - cost, (await server.GetJsonAsync("billing/credits")).GetProperty("available_credits").GetDecimal());
    }

    [Fact]
    public async Task a_price_for_a_machine_type_the_catalogue_lacks_stops_the_start_naming_the_known_ones()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => TestServer.StartAsync(o => o.Prices["cpuu"] = 1m));

        Assert.Contains("'cpuu'", error.Message);
        Assert.Contains("cpu, gpu, gpu.a100", error.Message);
    }
}
