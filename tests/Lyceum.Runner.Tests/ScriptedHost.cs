using System.Text.Json;
using System.Threading.Channels;

namespace Lyceum.Runner.Tests;

/// <summary>
/// Plays recorded host lines back when the runner submits a known cell; a cell with no script never ends,
/// which is how a cell over its timeout looks from the runner's side.
/// </summary>
internal sealed class ScriptedHost : IKernelConnection
{
    private readonly Channel<HostMessage> _messages = Channel.CreateUnbounded<HostMessage>();
    private readonly Dictionary<string, Func<string, IEnumerable<string>>> _scripts = [];
    private string? _running;

    public List<JsonElement> Sent { get; } = [];

    /// <summary>Whether a Cancel ends the running cell with the host's "Command cancelled." failure.</summary>
    public bool AnswersCancel { get; set; } = true;

    /// <summary>Runs when a Cancel arrives that the host does not answer (e.g. to let the runner's grace run out).</summary>
    public Action? OnUnansweredCancel { get; set; }

    public ChannelReader<HostMessage> Messages => _messages.Reader;

    /// <summary>What the host emits once the runner answered a request it sent (the reply's line is given).</summary>
    public Func<JsonElement, IEnumerable<string>>? OnReply { get; set; }

    public void OnCode(string code, Func<string, IEnumerable<string>> script) => _scripts[code] = script;

    public void Emit(string line) => _messages.Writer.TryWrite(HostMessage.Parse(line)!);

    public void Exit() => _messages.Writer.TryComplete();

    public Task SendAsync(string line, CancellationToken cancellationToken = default)
    {
        var envelope = JsonDocument.Parse(line).RootElement;
        Sent.Add(envelope);
        if (!envelope.TryGetProperty("commandType", out _))
        {
            // An event: the runner answering a request the host sent.
            foreach (var reply in OnReply?.Invoke(envelope) ?? [])
            {
                Emit(reply);
            }

            return Task.CompletedTask;
        }

        switch (envelope.GetProperty("commandType").GetString())
        {
            case "SubmitCode":
                _running = envelope.GetProperty("token").GetString()!;
                if (_scripts.TryGetValue(envelope.GetProperty("command").GetProperty("code").GetString()!, out var script))
                {
                    foreach (var reply in script(_running))
                    {
                        Emit(reply);
                    }
                }

                break;
            case "Cancel" when AnswersCancel && _running is not null:
                Emit(Recorded.Failed(_running, "Command cancelled."));
                break;
            case "Cancel":
                OnUnansweredCancel?.Invoke();
                break;
        }

        return Task.CompletedTask;
    }

    public string DescribeExit() => " (exit code 137)";
}
