using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace Lyceum.Local.Tests.Infrastructure;

/// <summary>
/// A run's stream read (as Server-Sent Events) in the background: a test waits for a text the run prints, or for the
/// end, and never sleeps or polls.
/// </summary>
internal sealed class RunStream
{
    private readonly List<JsonElement> _messages = [];
    private readonly StringBuilder _text = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];

    private RunStream(string streamingUrl) => Completion = ReadAsync(streamingUrl);

    /// <summary>Every message, once the stream has ended.</summary>
    public Task<List<JsonElement>> Completion { get; }

    public static RunStream Open(string streamingUrl) => new(streamingUrl);

    /// <summary>The output (stdout and stderr) received so far.</summary>
    public string Text
    {
        get { lock (_messages) return _text.ToString(); }
    }

    /// <summary>Completes when the run's output (stdout and stderr) contains <paramref name="text"/>; fails if the stream ends first.</summary>
    public Task WaitForAsync(string text)
    {
        lock (_messages)
        {
            if (_text.ToString().Contains(text, StringComparison.Ordinal))
                return Task.CompletedTask;
            if (Completion.IsCompleted)
                return Task.FromException(new InvalidOperationException($"the run ended without printing '{text}': {_text}"));
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((text, seen));
            return seen.Task.WaitAsync(TimeSpan.FromSeconds(120));
        }
    }

    private async Task<List<JsonElement>> ReadAsync(string streamingUrl)
    {
        await Task.Yield();
        try
        {
            using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var request = new HttpRequestMessage(HttpMethod.Get, TestServer.HttpUrl(streamingUrl));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            await foreach (var item in SseParser.Create(body).EnumerateAsync())
            {
                var message = JsonDocument.Parse(item.Data).RootElement.Clone();
                lock (_messages)
                {
                    _messages.Add(message);
                    if (message.TryGetProperty("output", out var output))
                        _text.Append(output.GetProperty("content").GetString());
                    var text = _text.ToString();
                    foreach (var waiter in _waiters.Where(w => text.Contains(w.Text, StringComparison.Ordinal)).ToList())
                    {
                        waiter.Seen.TrySetResult();
                        _waiters.Remove(waiter);
                    }
                }
            }
            lock (_messages)
                return [.. _messages];
        }
        finally
        {
            lock (_messages)
                foreach (var (text, seen) in _waiters)
                    seen.TrySetException(new InvalidOperationException($"the run's stream ended without '{text}': {_text}"));
        }
    }
}
