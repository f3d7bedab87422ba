namespace Lyceum.Local.Execution;

/// <summary>A machine type of the catalogue: its price (USD per hour of run time) and, for GPU types, the GPU it stands for.</summary>
internal sealed record Machine(string Name, decimal PricePerHour, bool Gpu, string? GpuModel = null);
