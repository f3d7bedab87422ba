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
        new JsonObject
        {
            ["event"] = new JsonObject { ["message"] = message },
            ["eventType"] = "CommandFailed",
            ["command"] = JsonNode.Parse(hostCommandEnvelope.GetRawText()),
        }.ToJsonString();

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
