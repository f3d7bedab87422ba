using System.Text.Json;
using System.Text.RegularExpressions;
using Lyceum.Client;
using Lyceum.Interactive.Remote;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum image REF</c>: runs a Docker image on Lyceum and streams its output like a cell.</summary>
[Subcommand("image", "Run a Docker image on Lyceum and stream its output", Usage = "IMAGE-REF [--cmd ...] [--env ...] [--machine M] [--timeout S]")]
public sealed partial class LyceumImage : LyceumSubcommand
{
    /// <summary>The image reference, e.g. python:3.12-slim.</summary>
    [Option("The image, e.g. python:3.12-slim", Implicit = true)]
    public string? Image { get; set; }

    /// <summary>--cmd: the command, as a JSON array of strings or one string split on spaces.</summary>
    [Option("The command: a JSON array, or a string split into words as a shell would")]
    public JsonElement? Cmd { get; set; }

    /// <summary>--env: environment variables, KEY=VALUE separated by ';' or newlines, or a JSON object.</summary>
    [Option("Environment: KEY=VALUE;KEY2=VALUE2 or a JSON object")]
    public JsonElement? Env { get; set; }

    /// <summary>--machine: the machine type.</summary>
    [Option("The machine type (default cpu)", Values = OptionValues.Machines)]
    public string? Machine { get; set; }

    /// <summary>--timeout: the time limit in seconds (1–600). Text, so a typo gets a clear message, not a JSON error.</summary>
    [Option("The time limit in seconds (1–600)")]
    public string? Timeout { get; set; }

    internal override Task RunAsync(SubcommandContext lyceum)
    {
        var image = Required(Image);
        lyceum.Connection.Require();
        var settings = lyceum.FindKernel(null).Settings;
        var machine = Machine ?? settings.Machine;
        var timeout = Timeout is { } t ? LyceumCommands.ParseTimeout(t) : settings.Timeout;
        return lyceum.RunAsync(new RunRequest
        {
            Kind = RunKind.Image,
            What = image,
            Machine = machine,
            Timeout = timeout,
            OutputCapBytes = lyceum.DefaultSettings.OutputCapBytes,
            Image = new ImageRunRequest(image)
            {
                DockerRunCmd = Cmd is { } cmd ? ParseCommand(cmd) : null,
                Environment = Env is { } env ? ParseEnvironment(env) : null,
                ExecutionType = machine,
                Timeout = timeout,
            },
        });
    }

    /// <summary>--cmd as a JSON array of strings, or a string split into words as a shell would (quotes group words).</summary>
    internal static IReadOnlyList<string> ParseCommand(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) => value.EnumerateArray().Select(v => v.GetString()!).ToList(),
        JsonValueKind.String => CommandWord().Matches(value.GetString()!)
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value)
            .ToList(),
        _ => throw new LyceumCommandException($"--cmd {value.GetRawText()} is not a command: give a JSON array of strings, e.g. --cmd [\"python\",\"-c\",\"print(1)\"], or one string."),
    };

    /// <summary>--env as a JSON object of strings, or KEY=VALUE pairs separated by ';' or newlines.</summary>
    internal static IReadOnlyDictionary<string, string> ParseEnvironment(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
            return value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal);
        if (value.ValueKind != JsonValueKind.String)
            throw new LyceumCommandException($"--env {value.GetRawText()} is not an environment: give \"A=1;B=two\" or a JSON object.");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in value.GetString()!.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
                throw new LyceumCommandException($"--env entry '{pair}' is not KEY=VALUE; give e.g. --env \"A=1;B=two\".");
            result[pair[..equals].Trim()] = pair[(equals + 1)..];
        }
        return result;
    }

    [GeneratedRegex("\"([^\"]*)\"|'([^']*)'|(\\S+)")]
    private static partial Regex CommandWord();
}
