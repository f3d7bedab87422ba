using Lyceum.Client.Tests.Infrastructure;

namespace Lyceum.Client.Tests;

public sealed partial class StreamTests
{
    internal static ExecutionStarted Started(ScriptedServer server, string transport, string id = "ex1")
    {
        var url = new UriBuilder(server.Endpoint) { Scheme = transport == "ws" ? "ws" : "http" };
        url.Path += "/execution/streaming/" + id;
        return new ExecutionStarted(id, "running", url.Uri);
    }

    internal static async Task<List<ExecutionEvent>> ReadAllAsync(LyceumClient client, ExecutionStarted started, StreamOptions? options = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<ExecutionEvent>();
        await foreach (var e in client.Executions.StreamAsync(started, options, timeout.Token))
            events.Add(e);
        return events;
    }
}
