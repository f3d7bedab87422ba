namespace Lyceum.Local.Execution;

/// <summary>A machine type of the catalogue.</summary>
internal sealed record Machine(string Name, decimal PricePerHour, bool Gpu);
