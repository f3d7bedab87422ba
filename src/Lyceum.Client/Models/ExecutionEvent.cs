namespace Lyceum.Client;

/// <summary>One event of an execution's output stream: <see cref="ExecutionOutput"/>, <see cref="ExecutionReconnecting"/>/<see cref="ExecutionReconnected"/>,
/// <see cref="ExecutionStatusChanged"/> or <see cref="ExecutionFinished"/> (always last, exactly once).</summary>
public abstract record ExecutionEvent;
