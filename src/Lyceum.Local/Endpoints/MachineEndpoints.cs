using Lyceum.Local.Execution;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyceum.Local.Endpoints;

/// <summary>
/// The machine catalogue with prices: <c>/machine-types</c> (the official CLI's login probe) and the older
/// <c>/compute/machine-types</c>, the same answer on both.
/// </summary>
internal static class MachineEndpoints
{
    public static IEndpointRouteBuilder MapMachineEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("").RequireAuthorization().WithMetadata(new RateLimitCategory("general"));
        group.MapGet("/machine-types", Catalogue);
        group.MapGet("/compute/machine-types", Catalogue);
        return api;
    }

    private static Ok<MachineTypesResponse> Catalogue(MachineCatalogue machines)
    {
        var types = machines.All.OrderBy(m => m.Gpu).ThenBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => new MachineTypeResponse(m.Name, m.Name, m.PricePerHour, "USD", "second", m.Gpu, m.GpuModel, machines.IsAvailable(m)))
            .ToList();
        return TypedResults.Ok(new MachineTypesResponse(types, types.Count));
    }
}
