using Microsoft.Extensions.Logging;

namespace Lyceum.Client.Diagnostics;

/// <summary>Every log line the SDK writes. Only methods, paths (never query strings: presigned URLs carry
/// signatures), status codes, times and counts appear; never a header, a body, a key or a token.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(1, LogLevel.Debug, "{Method} {Path} answered {StatusCode} in {ElapsedMs:0} ms (attempt {Attempt})")]
    public static partial void Answered(ILogger logger, string method, string path, int statusCode, double elapsedMs, int attempt);

    [LoggerMessage(2, LogLevel.Debug, "{Method} {Path} failed after {ElapsedMs:0} ms (attempt {Attempt}): {Error}")]
    public static partial void Failed(ILogger logger, string method, string path, double elapsedMs, int attempt, string error);

    [LoggerMessage(3, LogLevel.Information, "{Method} {Path}: retrying (attempt {Attempt}) after {Cause}")]
    public static partial void Retrying(ILogger logger, string method, string path, int attempt, string cause);

    [LoggerMessage(4, LogLevel.Warning, "{Method} {Path}: the service is rate limiting (HTTP 429); waited {WaitSeconds:0.###} s before attempt {Attempt}")]
    public static partial void RateLimited(ILogger logger, string method, string path, double waitSeconds, int attempt);

    [LoggerMessage(5, LogLevel.Information, "Output stream of {Path} reopened to resume after sequence {After}")]
    public static partial void StreamResumed(ILogger logger, string path, long after);

    [LoggerMessage(6, LogLevel.Debug, "Storage {Direction} of {Key}: {Bytes} bytes")]
    public static partial void Transferred(ILogger logger, string direction, string key, long bytes);
}
