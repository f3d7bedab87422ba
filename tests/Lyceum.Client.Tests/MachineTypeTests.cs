using Lyceum.Client.Tests.Infrastructure;

namespace Lyceum.Client.Tests;

/// <summary>Machine types and their prices, in every shape a service sends them.</summary>
public sealed class MachineTypeTests
{
    [Fact]
    public async Task machine_types_are_read_with_prices_as_numbers_or_strings()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/machine-types",
            """{"machine_types":[{"hardware_profile":"cpu","price_per_hour":0.1,"vcpus":2},{"hardware_profile":"gpu.a100","price_per_hour":"2.50"},{"hardware_profile":"gpu.h100"}],"count":3}""");
        using var client = server.CreateClient();

        var machines = await client.Billing.GetMachineTypesAsync();

        Assert.Equal([new MachineType("cpu", 0.1m), new MachineType("gpu.a100", 2.5m), new MachineType("gpu.h100", null)], machines);
        Assert.Equal(0.25m, machines[1].CostOf(TimeSpan.FromMinutes(6)));
        Assert.Null(machines[2].CostOf(TimeSpan.FromMinutes(6)));
    }

    [Fact]
    public async Task the_older_compute_address_is_asked_when_machine_types_is_not_published()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/compute/machine-types", """{"status":"success","data":[{"name":"cpu","price":"0.10"}]}""");
        using var client = server.CreateClient();

        var machines = await client.Billing.GetMachineTypesAsync();

        Assert.Equal([new MachineType("cpu", 0.10m)], machines);
        Assert.Single(server.RequestsTo("GET", "/machine-types"));
    }

    [Fact]
    public async Task a_machine_types_answer_without_a_list_falls_back_and_no_catalogue_at_all_is_empty()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/machine-types", """{"status":"ok"}""");
        using var client = server.CreateClient();

        var machines = await client.Billing.GetMachineTypesAsync();

        Assert.Empty(machines);
        Assert.Single(server.RequestsTo("GET", "/compute/machine-types"));
    }

    [Fact]
    public async Task a_refused_catalogue_request_keeps_the_services_words()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/machine-types", """{"detail":"Invalid API key","status":401,"type":"authentication_error"}""", 401);
        using var client = server.CreateClient();

        var e = await Assert.ThrowsAsync<LyceumApiException>(() => client.Billing.GetMachineTypesAsync());

        Assert.Contains("Invalid API key", e.Message);
    }
}
