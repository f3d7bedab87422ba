namespace Lyceum.Client;

/// <summary>A run the service accepted.</summary>
/// <param name="ExecutionId">The run's id.</param>
/// <param name="Status">Its state at acceptance.</param>
/// <param name="StreamingUrl">Where its output streams (<c>ws(s)://</c> WebSocket or <c>http(s)://</c> SSE).</param>
public sealed record ExecutionStarted(string ExecutionId, string Status, Uri StreamingUrl)
{
    /// <summary>The service's machine-choice note, when it sends one.</summary>
    public string? PythiaDecision { get; init; }
}
