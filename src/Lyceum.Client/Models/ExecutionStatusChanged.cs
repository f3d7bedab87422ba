namespace Lyceum.Client;

/// <summary>The run moved to a new, not yet terminal, state (e.g. <c>queued</c>, <c>running</c>).</summary>
/// <param name="Status">The new state.</param>
public sealed record ExecutionStatusChanged(string Status) : ExecutionEvent;
