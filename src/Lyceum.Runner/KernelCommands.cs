using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lyceum.Runner;

/// <summary>The command envelopes the runner writes to the host's stdin, one JSON object per line.</summary>
internal static class KernelCommands
{
    public static string SubmitCode(string token, string code, string targetKernelName) =>
        Envelope(token, "SubmitCode", new JsonObject { ["code"] = code, ["targetKernelName"] = targetKernelName });

    /// <summary>Cancels whatever the host is running (the protocol has no per-command cancel).</summary>
    public static string Cancel(string token) => Envelope(token, "Cancel", new JsonObject());

    public static string Quit() => Envelope(null, "Quit", new JsonObject());

    /// <summary>The answer to a request the host sent its frontend, which a headless run cannot fulfil.</summary>
    public static string Refuse(JsonElement hostCommandEnvelope, string message) =>
        Reply(hostCommandEnvelope, "CommandFailed", new JsonObject { ["message"] = message });

    /// <summary>An event for a command the host sent; the command is echoed as received so the host matches it.</summary>
    private static string Reply(JsonElement hostCommandEnvelope, string eventType, JsonObject @event) =>
        new JsonObject
        {
            ["event"] = @event,
            ["eventType"] = eventType,
            ["command"] = JsonNode.Parse(hostCommandEnvelope.GetRawText()),
        }.ToJsonString();

    /// <summary>The answer to a RequestInput the host sent its frontend: the value, then the request's success.</summary>
    public static IReadOnlyList<string> ProvideInput(JsonElement hostCommandEnvelope, string value) =>
    [
        Reply(hostCommandEnvelope, "InputProduced", new JsonObject { ["value"] = value }),
        Reply(hostCommandEnvelope, "CommandSucceeded", new JsonObject()),
    ];

    private static string Envelope(string? token, string commandType, JsonObject command)
    {
        var envelope = new JsonObject();
        if (token is not null)
        {
            envelope["token"] = token;
        }

        envelope["commandType"] = commandType;
        envelope["command"] = command;
        return envelope.ToJsonString();
    }
}
