using Lyceum.Interactive.Remote;

namespace Lyceum.Interactive.Sweeps;

/// <summary>One prepared run of a sweep.</summary>
/// <param name="Parameters">Its parameters as a user reads them, e.g. <c>lr=0.1, batch=32</c>.</param>
/// <param name="Request">The run, with the values bound (a cell's code wrapped by the prelude, or an image's command and environment).</param>
internal sealed record SweepPoint(string Parameters, RunRequest Request);
