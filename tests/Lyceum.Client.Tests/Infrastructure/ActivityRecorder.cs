using System.Collections.Concurrent;
using System.Diagnostics;

namespace Lyceum.Client.Tests.Infrastructure;

/// <summary>Records the activities of the SDK's source that ended, as an OpenTelemetry exporter would receive them.</summary>
public sealed class ActivityRecorder : IDisposable
{
    private readonly ActivityListener _listener;

    public ActivityRecorder(string sourceName)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ConcurrentBag<Activity> Stopped { get; } = [];

    /// <summary>The activities of requests to one test server (tests run in parallel, each with its own port).</summary>
    public IReadOnlyList<Activity> To(Uri server) =>
        Stopped.Where(a => a.GetTagItem("server.port") is int port && port == server.Port).OrderBy(a => a.StartTimeUtc).ToList();

    public void Dispose() => _listener.Dispose();
}
