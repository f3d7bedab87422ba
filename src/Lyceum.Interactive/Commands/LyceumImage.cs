using System.Text.Json;
using System.Text.RegularExpressions;
using Lyceum.Client;
using Lyceum.Interactive.Budgets;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Remote;
using Lyceum.Interactive.Sweeps;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum image REF</c>: runs a Docker image on Lyceum and streams its output like a cell.</summary>
[Subcommand("image", "Run a Docker image on Lyceum and stream its output", Usage = "IMAGE-REF [--cmd ...] [--env ...] [--machine M] [--timeout S] [--sweep NAME=V1,V2 [--parallel N] [--fail-fast]] [--max-cost C]")]
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

    /// <summary>--sweep: run the image once per value, <c>{NAME}</c> in --cmd and --env replaced and NAME set in its environment.</summary>
    [Option("Run once per value: NAME=V1,V2 ({NAME} in --cmd and --env becomes the value, NAME is set in the environment); several names: repeat --sweep, or NAME=…;NAME2=…, or a JSON array")]
    public JsonElement? Sweep { get; set; }

    /// <summary>--parallel: at most this many runs of the sweep at once.</summary>
    [Option("At most this many runs of a sweep at once (default 4)")]
    public string? Parallel { get; set; }

    /// <summary>--fail-fast: the first failed run of the sweep aborts the others.</summary>
    [Option("The first failed run of a sweep aborts the others and the rest do not start")]
    public bool FailFast { get; set; }

    /// <summary>--max-cost: abort the run (a sweep: all its runs) when its spend reaches this many credits.</summary>
    [Option("Abort the run (a sweep: all its runs) when its spend reaches this many credits")]
    public string? MaxCost { get; set; }

    internal override async Task RunAsync(SubcommandContext lyceum)
    {
        var image = Required(Image);
        lyceum.Connection.Require();
        var kernel = lyceum.FindKernel(null);
        var settings = kernel.Settings;
        var machine = Machine ?? settings.Machine;
        var timeout = Timeout is { } t ? LyceumCommands.ParseTimeout(t) : settings.Timeout;
        var sweeps = SweepTexts();
        var plan = sweeps.Count > 0 ? SweepPlan.Parse(sweeps) : null;
        var parallel = Parallel is { } p ? SweepPlan.ParseParallel(p) : SweepPlan.DefaultParallel;
        var maxCost = MaxCost is { } cost ? CreditText.Parse(cost, "--max-cost") : (decimal?)null;
        var request = new RunRequest
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
        };
        var (price, note) = await BudgetGate.CheckAsync(lyceum.Connection, machine, timeout, plan?.Points.Count ?? 1, maxCost, lyceum.CancellationToken)
            .ConfigureAwait(false);
        var sink = lyceum.Output.RunSink(kernel);
        if (plan is not null)
        {
            var card = new SweepCard { What = image, Machine = machine, Parallel = parallel };
            await kernel.RunSweepAsync(ImageSweep.Points(plan, request), plan, card, price, maxCost, FailFast, note, sink).ConfigureAwait(false);
            return;
        }
        using var meter = maxCost is null ? null : new CostMeter(price, maxCost, lyceum.Connection.Time);
        var session = new RunSession(request, lyceum.Connection, sink, lyceum.Connection.Time, meter: meter);
        try
        {
            await session.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            lyceum.Connection.Budget.Record(session.Spent);
        }
    }

    // Every --sweep of the line: the host binds a repeated option to nothing (the run would silently lose the sweep), so
    // the values are read from the #!lyceum image line as typed, as a cell's kernel line is; a single one as bound.
    private List<string> SweepTexts()
    {
        var typed = CellSyntax.DirectiveLines(this, $"{LyceumDirective.Name} image")
            .SelectMany(words => words.Select((word, i) => (word, next: i + 1 < words.Count ? words[i + 1] : null)))
            .Where(w => w.word == "--sweep" && w.next is not null && !w.next.StartsWith("--", StringComparison.Ordinal))
            .Select(w => w.next!)
            .ToList();
        if (typed.Count > 1)
            return typed.SelectMany(text => SweepTexts(ParseTyped(text))).ToList();
        return Sweep is { } sweep ? SweepTexts(sweep).ToList() : [];
    }

    // A typed value as the host would bind it: JSON when it parses as JSON, else the text without its quotes.
    private static JsonElement ParseTyped(string text)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text);
        }
    }

    // --sweep NAME=V1,V2; several names as a JSON array of such texts, or separated by ';'.
    private static IEnumerable<string> SweepTexts(JsonElement sweep) => sweep.ValueKind switch
    {
        JsonValueKind.Array when sweep.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) => sweep.EnumerateArray().Select(v => v.GetString()!),
        JsonValueKind.String => sweep.GetString()!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        _ => throw new LyceumCommandException($"--sweep {sweep.GetRawText()}: write NAME=V1,V2,…, e.g. --sweep seed=0,1,2; several names as NAME=…;NAME2=… ."),
    };

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
