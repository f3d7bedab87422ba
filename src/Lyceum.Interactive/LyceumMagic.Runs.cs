using System.Text.Json;
using Lyceum.Client;
using Lyceum.Interactive.Commands;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Remote;
using Microsoft.DotNet.Interactive;

namespace Lyceum.Interactive;

/// <summary>runs, abort, attach, image.</summary>
internal sealed partial class LyceumMagic
{
    private async Task RunsAsync(LyceumRuns command, KernelInvocationContext context)
    {
        var runs = await _connection.Require().Executions.ListWorkloadsAsync(context.CancellationToken).ConfigureAwait(false);
        LyceumCommands.Show(context, new WorkloadListView(runs));
    }

    private async Task AbortAsync(LyceumAbort command, KernelInvocationContext context)
    {
        var id = Required(command.ExecutionId, "#!lyceum abort EXECUTION-ID");
        var status = await _connection.Require().Executions.AbortAsync(id, context.CancellationToken).ConfigureAwait(false);
        LyceumCommands.Show(context, new NoticeView($"Run {id} is {status.Status}.", status.Message));
    }

    private async Task AttachAsync(LyceumAttach command, KernelInvocationContext context)
    {
        var id = Required(command.ExecutionId, "#!lyceum attach EXECUTION-ID");
        var request = new RunRequest { Kind = RunKind.Attach, What = $"run {id} (attached)", ExecutionId = id, OutputCapBytes = KernelSettingsCap() };
        await RunAsync(request, command, context).ConfigureAwait(false);
    }

    private async Task ImageAsync(LyceumImage command, KernelInvocationContext context)
    {
        var image = Required(command.Image, "#!lyceum image IMAGE-REF [--cmd ...] [--env ...] [--machine M] [--timeout S]");
        _connection.Require();
        var machine = command.Machine ?? FindKernel(null).Settings.Machine;
        var timeout = command.Timeout is { } t ? LyceumCommands.ParseTimeout(t) : FindKernel(null).Settings.Timeout;
        var request = new RunRequest
        {
            Kind = RunKind.Image,
            What = image,
            Machine = machine,
            Timeout = timeout,
            OutputCapBytes = KernelSettingsCap(),
            Image = new ImageRunRequest(image)
            {
                DockerRunCmd = command.Cmd is { } cmd ? ParseCommand(cmd) : null,
                Environment = command.Env is { } env ? ParseEnvironment(env) : null,
                ExecutionType = machine,
                Timeout = timeout,
            },
        };
        await RunAsync(request, command, context).ConfigureAwait(false);
    }

    private Task RunAsync(RunRequest request, Microsoft.DotNet.Interactive.Commands.KernelCommand command, KernelInvocationContext context) =>
        new RunSession(request, _connection, FindKernel(null).Sink(context, command), _connection.Time).RunAsync();

    private long KernelSettingsCap() =>
        _root.ChildKernels.OfType<LyceumKernel>().FirstOrDefault(k => k.Name == LyceumKernel.DefaultName)?.Settings.OutputCapBytes ?? KernelSettings.DefaultOutputCapBytes;

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

    [System.Text.RegularExpressions.GeneratedRegex("\"([^\"]*)\"|'([^']*)'|(\\S+)")]
    private static partial System.Text.RegularExpressions.Regex CommandWord();
}
