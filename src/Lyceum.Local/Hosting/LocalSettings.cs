namespace Lyceum.Local.Hosting;

/// <summary>Resolved settings the endpoints need.</summary>
/// <param name="DataDirectory">The data folder.</param>
/// <param name="Python">The interpreter for runs.</param>
/// <param name="StreamScheme"><c>ws</c> or <c>sse</c>: the scheme of the streaming URLs handed out.</param>
/// <param name="RateLimits">Whether the documented rate limits apply.</param>
/// <param name="KeepAliveInterval">Silence after which a stream sends a keep-alive (SSE comment, WebSocket ping).</param>
/// <param name="Time">The clock of stream keep-alives.</param>
/// <param name="LogStreamNeedsBearer">Whether <c>/api/v1/stream/{id}</c> refuses readers without a bearer.</param>
internal sealed record LocalSettings(
    string DataDirectory, string Python, string StreamScheme, bool RateLimits, TimeSpan KeepAliveInterval, TimeProvider Time, bool LogStreamNeedsBearer);
