namespace Lyceum.Client;

/// <summary>One event of one run of a map: the run's position in the request list, its id once started, and the event.
/// Each run's events come in order: an <see cref="ExecutionStatusChanged"/> when the service accepts it, its output, and
/// exactly one <see cref="ExecutionFinished"/> — also for a run that could not start (status <c>failed</c>, the service's
/// words as the error) or never started because an earlier run failed under <see cref="MapOptions.FailFast"/>
/// (status <c>cancelled</c>, <see cref="ExecutionId"/> null).</summary>
/// <param name="Index">The run's position in the list of requests (0-based).</param>
/// <param name="ExecutionId">The run's id; null until the service accepted it, and for runs that never started.</param>
/// <param name="Event">The event.</param>
public sealed record MappedExecutionEvent(int Index, string? ExecutionId, ExecutionEvent Event);
