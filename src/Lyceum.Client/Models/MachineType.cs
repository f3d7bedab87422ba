namespace Lyceum.Client;

/// <summary>A machine type the service offers and what it costs.</summary>
/// <param name="HardwareProfile">The name a run asks for as its execution type, e.g. <c>cpu</c>, <c>gpu.a100</c>.</param>
/// <param name="PricePerHour">Credits (USD) per hour of run time; null when the service does not say.</param>
public sealed record MachineType(string HardwareProfile, decimal? PricePerHour)
{
    /// <summary>What <paramref name="duration"/> of run time costs on this machine; null when the price is unknown.</summary>
    public decimal? CostOf(TimeSpan duration) => PricePerHour is { } price ? price * duration.Ticks / TimeSpan.TicksPerHour : null;
}
