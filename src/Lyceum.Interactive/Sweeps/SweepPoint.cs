using Lyceum.Client;

namespace Lyceum.Interactive.Sweeps;

/// <summary>One prepared run of a sweep.</summary>
/// <param name="Parameters">Its parameters as a user reads them, e.g. <c>lr=0.1, batch=32</c>.</param>
/// <param name="Request">The run as the service takes it (the cell's code with the values bound, wrapped by the prelude).</param>
/// <param name="Nonce">The prelude's frame nonce of this run.</param>
internal sealed record SweepPoint(string Parameters, PythonRunRequest Request, string Nonce);
