using System.Text.Json;

namespace Lyceum.Runner;

/// <summary>
/// Answers what the host asks its frontend. The host runs as VS Code runs it (<c>[vscode] stdio</c>), so a cell's
/// <c>@password:</c>/<c>@input:</c> prompt arrives here as a RequestInput, as it would in the editor. There is
/// nobody to type: a prompt for <c>--api-key</c> is answered with the key the runner gives the notebook
/// (LYCEUM_API_KEY, or the embedded Lyceum Local's), every other request is refused with one sentence saying what
/// to do instead, which the host turns into the cell's error.
/// </summary>
internal sealed class HostRequests(string? apiKey)
{
    /// <summary>Why a prompt cannot be answered when nothing more specific is known.</summary>
    public const string CannotAsk =
        "This cell asks for input (@input/@password), which a headless run cannot give: " +
        "put the value in the notebook another way (e.g. read it from an environment variable); " +
        "for #!lyceum login, set LYCEUM_API_KEY and run #!lyceum login alone.";

    /// <summary>
    /// The reply lines for a command the host sent; a note for the terminal (never the secret) when it was answered,
    /// or the sentence a prompt was refused with (the host's own failure that follows only says "Input not provided").
    /// </summary>
    public (IReadOnlyList<string> Replies, string? Note, string? Refusal) Answer(HostMessage request)
    {
        var envelope = request.CommandEnvelope!.Value;
        if (request.CommandType != "RequestInput")
        {
            // Not a prompt (e.g. code for the editor's webview): refused, and no reason for a cell's failure.
            return ([KernelCommands.Refuse(envelope, $"A headless run has no editor to handle {request.CommandType}.")], null, null);
        }

        var command = envelope.TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var parameter = Text(command, "parameterName");
        var prompt = Text(command, "prompt");
        var password = Text(command, "type") == "password" || (command.ValueKind == JsonValueKind.Object &&
            command.TryGetProperty("isPassword", out var p) && p.ValueKind == JsonValueKind.True);

        if (string.Equals(parameter, "--api-key", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(apiKey))
        {
            return (KernelCommands.ProvideInput(envelope, apiKey),
                    "(this cell asks for a password for --api-key; the headless run answered it with LYCEUM_API_KEY)", null);
        }

        var sentence = Refusal(parameter, prompt, password);
        return ([KernelCommands.Refuse(envelope, sentence)], null, sentence);
    }

    private static string Refusal(string? parameter, string? prompt, bool password)
    {
        var what = password ? "a password" : "input";
        var asked = (prompt, parameter) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) => $" (\"{prompt}\" for {parameter})",
            ({ Length: > 0 }, _) => $" (\"{prompt}\")",
            (_, { Length: > 0 }) => $" (for {parameter})",
            _ => "",
        };
        var instead = string.Equals(parameter, "--api-key", StringComparison.OrdinalIgnoreCase)
            ? "set LYCEUM_API_KEY before running (the runner then answers the prompt with it), or remove --api-key and sign in with #!lyceum login alone."
            : string.Equals(parameter, "--password", StringComparison.OrdinalIgnoreCase)
                ? "set LYCEUM_API_KEY and sign in with #!lyceum login alone."
                : "put the value in the notebook another way, e.g. read it from an environment variable.";
        return $"This cell asks for {what}{asked}, which a headless run cannot do: {instead}";
    }

    private static string? Text(JsonElement command, string name) =>
        command.ValueKind == JsonValueKind.Object && command.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
