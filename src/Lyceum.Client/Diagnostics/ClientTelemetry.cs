using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lyceum.Client.Diagnostics;

/// <summary>One client's telemetry: its User-Agent and logger, and the measurements taken outside the HTTP handler
/// (stream resumes, storage transfers).</summary>
internal sealed class ClientTelemetry(string userAgent, ILoggerFactory? loggerFactory)
{
    public string UserAgent { get; } = userAgent;

    public ILogger Logger { get; } = loggerFactory?.CreateLogger(LyceumTelemetry.Name) ?? NullLogger.Instance;

    /// <summary>An output stream is being reopened to resume after <paramref name="after"/>.</summary>
    public void StreamResumed(Uri url, long after)
    {
        LyceumInstruments.StreamReconnects.Add(1, new TagList { { "server.address", url.Host }, { "server.port", url.Port } });
        Activity.Current?.AddEvent(new ActivityEvent("lyceum.stream.resumed", tags: new ActivityTagsCollection { ["lyceum.stream.after"] = after }));
        ClientLog.StreamResumed(Logger, url.AbsolutePath, after);
    }

    /// <summary>A storage upload or download of <paramref name="bytes"/> file bytes finished.</summary>
    public void Transferred(Uri endpoint, string direction, string key, long bytes)
    {
        LyceumInstruments.BytesTransferred.Add(bytes,
            new TagList { { "lyceum.transfer.direction", direction }, { "server.address", endpoint.Host }, { "server.port", endpoint.Port } });
        ClientLog.Transferred(Logger, direction, key, bytes);
    }
}
