using System.Text.Json;

namespace Lyceum.Runner.Tests;

/// <summary>Event lines in the exact shape dotnet-interactive 1.0.712001 writes on stdout (copied from a real stdio session).</summary>
internal static class Recorded
{
    public const string KernelReady = """{"event":{"kernelInfos":[]},"eventType":"KernelReady","command":null,"routingSlip":["kernel://pid-1/"]}""";

    public static string Stdout(string token, string text) => Envelope("StandardOutputValueProduced", token, Formatted("text/plain", text, null));

    public static string Stderr(string token, string text) => Envelope("StandardErrorValueProduced", token, Formatted("text/plain", text, null));

    public static string Display(string token, string valueId, string mime, string value) =>
        Envelope("DisplayedValueProduced", token, Formatted(mime, value, valueId));

    public static string Updated(string token, string valueId, string mime, string value) =>
        Envelope("DisplayedValueUpdated", token, Formatted(mime, value, valueId));

    public static string ReturnValue(string token, string mime, string value) =>
        Envelope("ReturnValueProduced", token, Formatted(mime, value, null));

    public static string Diagnostics(string token) =>
        Envelope("DiagnosticsProduced", token, """{"diagnostics":[],"formattedDiagnostics":[]}""");

    /// <summary>ErrorProduced, as the host reports a child command's failure (e.g. a #!set value request).</summary>
    public static string Error(string token, string message) =>
        Envelope("ErrorProduced", token, $$"""{"message":{{JsonSerializer.Serialize(message)}},"formattedValues":[],"valueId":null}""");

    /// <summary>The host asking its frontend for a value (a cell's @password:/@input:), as written in [vscode] mode.</summary>
    public static string RequestInput(string token, string parameterName, string prompt, bool password) =>
        $$"""{"token":"{{token}}","commandType":"RequestInput","command":{"parameterName":"{{parameterName}}","prompt":{{JsonSerializer.Serialize(prompt)}},"isPassword":{{(password ? "true" : "false")}},"saveAs":null,"type":{{(password ? Quoted("password") : "null")}},"targetKernelName":null,"originUri":"kernel://pid-1/vscode","destinationUri":"kernel://vscode"},"routingSlip":["kernel://pid-1/?tag=arrived","kernel://pid-1/vscode?tag=arrived"]}""";

    public static string Succeeded(string token) => Envelope("CommandSucceeded", token, """{"executionOrder":0}""");

    public static string Failed(string token, string message) =>
        Envelope("CommandFailed", token, $$"""{"message":{{JsonSerializer.Serialize(message)}},"executionOrder":null}""");

    private static string Quoted(string text) => JsonSerializer.Serialize(text);

    private static string Formatted(string mime, string value, string? valueId) =>
        $$"""{"formattedValues":[{"mimeType":"{{mime}}","value":{{JsonSerializer.Serialize(value)}},"suppressDisplay":false}],"valueId":{{(valueId is null ? "null" : $"\"{valueId}\"")}}}""";

    private static string Envelope(string eventType, string token, string eventJson) =>
        $$"""{"event":{{eventJson}},"eventType":"{{eventType}}","command":{"token":"{{token}}","commandType":"SubmitCode","command":{"code":"...","parameters":{},"targetKernelName":"csharp","originUri":null,"destinationUri":null},"routingSlip":["kernel://pid-1/csharp?tag=arrived"]},"routingSlip":["kernel://pid-1/csharp","kernel://pid-1/"]}""";
}
