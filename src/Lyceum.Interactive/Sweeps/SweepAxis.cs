namespace Lyceum.Interactive.Sweeps;

/// <summary>One <c>--sweep NAME=V1,V2,…</c>: the name and its values as typed.</summary>
/// <param name="Name">The Python variable the values are bound to.</param>
/// <param name="Values">The values, as typed (Python literals, or bare words taken as strings).</param>
internal sealed record SweepAxis(string Name, IReadOnlyList<string> Values);
