using Lyceum.Client;

namespace Lyceum.Interactive;

/// <summary>A run this notebook started: where its stream is, and the nonce its prelude frames carry.</summary>
/// <param name="Started">The service's answer to the start.</param>
/// <param name="Nonce">The frame nonce of a cell's run; null for an image run.</param>
internal sealed record KnownRun(ExecutionStarted Started, string? Nonce);
