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

    internal static async Task<List<ExecutionEvent>> ReadAllAsync(LyceumClient client, ExecutionStarted started, StreamOptions? options = null,
        Action<ExecutionEvent>? onEvent = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<ExecutionEvent>();
        await foreach (var e in client.Executions.StreamAsync(started, options, timeout.Token))
        {
            events.Add(e);
            onEvent?.Invoke(e);
        }

        return events;
    }

    /// <summary>Completes once the reader has been handed output with exactly this text: a server may then cut the
    /// connection without the cut overtaking the data.</summary>
    internal sealed class Delivered
    {
        private readonly Dictionary<string, TaskCompletionSource> _waits = [];

        public Task Of(string text)
        {
            lock (_waits)
            {
                if (!_waits.TryGetValue(text, out var wait))
                    _waits[text] = wait = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return wait.Task;
            }
        }

        public void Observe(ExecutionEvent e)
        {
            if (e is not ExecutionOutput output)
                return;
            _ = Of(output.Text);
            lock (_waits)
                _waits[output.Text].TrySetResult();
        }
    }

    internal static string Text(IEnumerable<ExecutionEvent> events, OutputStreamKind? kind = null) =>
        string.Concat(events.OfType<ExecutionOutput>().Where(o => kind is null || o.Stream == kind).Select(o => o.Text));
}
