using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lyceum.Interactive.Tests.Infrastructure;

/// <summary>The real <c>dotnet-interactive stdio</c> host (the pinned tool of the repository), driven over its JSON-lines
/// protocol: one command envelope per line in, one event envelope per line out.</summary>
public sealed class StdioHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<JsonObject> _events = new();
    private int _next;

    private StdioHost(Process process)
    {
        _process = process;
        _ = Task.Run(ReadEventsAsync);
    }

    public static StdioHost Start(string repositoryRoot, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", ["tool", "run", "dotnet-interactive", "--", "stdio", "--default-kernel", "csharp"])
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return new StdioHost(process);
    }

    /// <summary>Submits code and returns every event of the command (and its children) up to its completion.</summary>
    public async Task<IReadOnlyList<JsonObject>> SubmitAsync(string code, string kernel, TimeSpan timeout)
    {
        var token = $"t{Interlocked.Increment(ref _next)}";
        var envelope = new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = kernel },
        };
        await _process.StandardInput.WriteLineAsync(envelope.ToJsonString());
        await _process.StandardInput.FlushAsync();
        var events = new List<JsonObject>();
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            JsonObject e;
            try
            {
                e = _events.Take(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No completion for {token} within {timeout}; events so far: {string.Join(", ", events.Select(Type))}");
            }
            var commandToken = e["command"]?["token"]?.GetValue<string>() ?? "";
            if (commandToken != token && !commandToken.StartsWith(token + ".", StringComparison.Ordinal))
                continue;
            events.Add(e);
            if (commandToken == token && Type(e) is "CommandSucceeded" or "CommandFailed")
                return events;
        }
    }

    public static string Type(JsonObject e) => e["eventType"]?.GetValue<string>() ?? "";

    /// <summary>All text/plain values of events of one type.</summary>
    public static string Text(IEnumerable<JsonObject> events, string eventType) =>
        string.Concat(events.Where(e => Type(e) == eventType)
            .SelectMany(e => e["event"]?["formattedValues"]?.AsArray() ?? [])
            .Where(f => f?["mimeType"]?.GetValue<string>() == "text/plain")
            .Select(f => f?["value"]?.GetValue<string>()));

    private async Task ReadEventsAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith('{'))
                continue;
            try
            {
                if (JsonNode.Parse(line) is JsonObject e)
                    _events.Add(e);
            }
            catch (JsonException)
            {
                // Not an event envelope (a banner line that starts with a brace); skip it.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StandardInput.WriteLineAsync("{\"commandType\":\"Quit\",\"command\":{}}");
            await _process.StandardInput.FlushAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
