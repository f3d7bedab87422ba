using System.Globalization;
using System.Text.Json;
using Lyceum.Client;
using Lyceum.Interactive.Prelude;
using Lyceum.Interactive.Commands;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.ValueSharing;

namespace Lyceum.Interactive.Remote;

/// <summary>
/// A Python kernel whose cells run on Lyceum: each cell is one run, streamed into the cell as it happens. Cells may say
/// <c>#!requirements pkg==1.0</c> and the kernel line may carry <c>--machine</c>, <c>--timeout</c>, <c>--session</c>.
/// Values travel both ways (<c>#!set</c>, <c>#!share</c>, <c>@kernel:name</c>).
/// </summary>
public sealed class LyceumKernel :
    Kernel,
    IKernelCommandHandler<SubmitCode>,
    IKernelCommandHandler<RequestValueInfos>,
    IKernelCommandHandler<RequestValue>,
    IKernelCommandHandler<SendValue>
{
    /// <summary>The name of the kernel <see cref="LyceumKernelExtension.Load"/> adds.</summary>
    public const string DefaultName = "lyceum-python";

    private readonly LyceumConnection _connection;
    private KernelSpecifierDirective? _specifier;
    private int _cells;

    internal LyceumKernel(string name, LyceumConnection connection, KernelSettings settings) : base(name)
    {
        _connection = connection;
        Settings = settings;
        KernelInfo.LanguageName = "python";
        KernelInfo.LanguageVersion = "3";
        KernelInfo.DisplayName = $"{name} - Python on Lyceum";
        KernelInfo.Description = "Runs each cell as Python on a Lyceum Cloud machine (CPU or GPU) and streams its output back.";
        AddDirective<LyceumRequirements>(
            new KernelActionDirective(CellSource.RequirementsDirective, "pip packages for this cell: #!requirements numpy==1.26.4 pandas, or --file requirements.txt")
            {
                Parameters =
                {
                    new KernelDirectiveParameter("--packages", "Requirement specifiers, e.g. numpy==1.26.4 pandas") { AllowImplicitName = true, MaxOccurrences = 100 },
                    new KernelDirectiveParameter("--file", "A pip requirements file") { TypeHint = "file" },
                },
            },
            (_, _) => Task.CompletedTask);
    }

    internal KernelSettings Settings { get; }

    /// <inheritdoc />
    public override KernelSpecifierDirective KernelSpecifierDirective => _specifier ??= CreateSpecifier(base.KernelSpecifierDirective);

    Task IKernelCommandHandler<SubmitCode>.HandleAsync(SubmitCode command, KernelInvocationContext context) =>
        LyceumCommands.Guard(command, context, () => RunCellAsync(command, context));

    Task IKernelCommandHandler<RequestValueInfos>.HandleAsync(RequestValueInfos command, KernelInvocationContext context)
    {
        // Every name the last cell defined, for completions and the variable explorer; values only where exported.
        var values = Settings.Variables;
        var infos = Settings.TypeNames
            .Select(v => new KernelValueInfo(v.Key, new FormattedValue(PlainTextFormatter.MimeType,
                values.TryGetValue(v.Key, out var value) ? value.GetRawText() : $"(not exported: --export {v.Key})"), null!, v.Value))
            .ToList();
        context.Publish(new ValueInfosProduced(infos, command));
        return Task.CompletedTask;
    }

    Task IKernelCommandHandler<RequestValue>.HandleAsync(RequestValue command, KernelInvocationContext context)
    {
        if (!Settings.Variables.TryGetValue(command.Name, out var value))
        {
            context.Fail(command, message: ExportAdvice.NotSent(Name, command.Name, Settings.TypeNames, Settings.NotSent));
            return Task.CompletedTask;
        }
        var mime = command.MimeType is null or "" ? JsonFormatter.MimeType : command.MimeType;
        var formatted = mime == PlainTextFormatter.MimeType
            ? new FormattedValue(mime, value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText())
            : new FormattedValue(JsonFormatter.MimeType, value.GetRawText());
        context.Publish(new ValueProduced(value, command.Name, formatted, command));
        return Task.CompletedTask;
    }

    Task IKernelCommandHandler<SendValue>.HandleAsync(SendValue command, KernelInvocationContext context) =>
        LyceumCommands.Guard(command, context, () =>
        {
            Settings.Share(command.Name, Encode(command));
            return Task.CompletedTask;
        });

    private async Task RunCellAsync(SubmitCode command, KernelInvocationContext context)
    {
        var machine = Parameter(command, "--machine") ?? Settings.Machine;
        // The host drops an option given without a value; the submitted cell still shows it.
        if (string.IsNullOrWhiteSpace(machine) || CellSource.HasBareOption((command.Parent as SubmitCode)?.Code, Name, "--machine"))
        {
            // A bare --machine must not quietly run on some other machine.
            var known = await _connection.MachinesAsync().ConfigureAwait(false);
            throw new LyceumCommandException("--machine needs a machine type, e.g. --machine gpu.a100"
                + (known.Count > 0 ? $"; this account can use: {string.Join(", ", known)}." : "; #!lyceum status lists the types you can use."));
        }
        var timeout = Parameter(command, "--timeout") is { } t ? LyceumCommands.ParseTimeout(t) : Settings.Timeout;
        var session = Parameter(command, "--session") is { } s ? s is not ("false" or "False") : Settings.Session;
        var source = CellSource.Parse(command.Code, Directory.GetCurrentDirectory());
        // The host strips #!requirements lines from the code it hands over; the submitted cell still has them.
        var requested = command.Parent is SubmitCode { Code: var submitted } && submitted.Contains(CellSource.RequirementsDirective, StringComparison.Ordinal)
            ? CellSource.Parse(submitted, Directory.GetCurrentDirectory()).Requirements
            : source.Requirements;
        if (string.IsNullOrWhiteSpace(source.Code) && requested.Count == 0)
            return;
        var requirements = (Settings.RequirementsFile is { } file
            ? CellSource.ReadFile(file, Directory.GetCurrentDirectory(), "#!lyceum config --requirements-file")
            : []).Concat(requested);
        var client = _connection.Require();
        var cell = Interlocked.Increment(ref _cells);
        var nonce = CellProgram.NewNonce();
        var code = CellSource.AlignToCell(source.Code, (command.Parent as SubmitCode)?.Code);
        var parts = PrepareRun(code, $"cell-{cell}", nonce, session);
        var request = new PythonRunRequest(parts.Code)
        {
            ExecutionType = machine,
            Timeout = timeout,
            RequirementsContent = CellSource.Content(requirements),
            ImportFiles = parts.ImportFiles,
            FileName = $"{Name} cell {cell}",
            NbCode = 1,
        };
        var run = new RemoteRun(context, command, client, $"#!{Name} cell {cell}", machine, this);
        await run.RunAsync(
            async ct => _connection.Remember(await client.Executions.StartPythonAsync(request, ct).ConfigureAwait(false)),
            Settings.OutputCapBytes,
            new FrameDecoder(nonce),
            frame => OnFrame(frame, command, context, run.Card)).ConfigureAwait(false);
    }

    /// <summary>Publishes an event through this kernel (reaches the front end even when no command is running).</summary>
    internal void Broadcast(KernelEvent e) => PublishEvent(e);

    // The one place a cell becomes a run: the prelude wraps the code and carries shared values and session state.
    private CellRunParts PrepareRun(string code, string cellName, string nonce, bool session) =>
        CellProgram.Build(code, cellName, nonce, Settings.SharedValues, session ? Settings.SessionState : null,
            new CellOptions { Session = session, FigureFormat = Settings.FigureFormat, Exports = [CellOptions.ExportAll] });

    private void OnFrame(RemoteFrame frame, KernelCommand command, KernelInvocationContext context, RunCardDisplay card)
    {
        switch (frame)
        {
            case DisplayFrame display:
                context.Publish(new DisplayedValueProduced(display.PlainText, command, display.ToFormattedValues()));
                break;
            case ResultFrame result:
                context.Publish(new ReturnValueProduced(result.PlainText, command, result.ToFormattedValues()));
                break;
            case VariablesFrame variables:
                Settings.ReplaceVariables(variables);
                if (variables.Skipped.Count > 0)
                    card.Show(c => c with { NotShared = [.. c.NotShared, .. variables.Skipped.Select(v => $"{v.Name} ({v.Reason})")] });
                break;
            case SessionFrame state:
                Settings.SessionState = state.State;
                if (state.NotCarried.Count > 0)
                    card.Show(c => c with { NotCarried = [.. c.NotCarried, .. state.NotCarried.Select(v => $"{v.Name} ({v.Reason})")] });
                break;
        }
    }

    private static JsonElement Encode(SendValue command)
    {
        if (command.Value is not null)
            return SharedValueEncoder.Encode(command.Value, command.Name);
        return command.FormattedValue is { MimeType: "application/json" } json
            ? SharedValueEncoder.FromJson(json.Value, command.Name)
            : SharedValueEncoder.Encode(command.FormattedValue?.Value, command.Name);
    }

    private static string? Parameter(SubmitCode command, string name) =>
        command.Parameters.TryGetValue(name, out var value) ? (value ?? "true").Trim('"') : null;

    private KernelSpecifierDirective CreateSpecifier(KernelSpecifierDirective directive)
    {
        directive.Parameters.Add(LyceumCommands.MachineParameter(_connection, "The machine type for this cell, e.g. cpu or gpu.a100"));
        directive.Parameters.Add(new KernelDirectiveParameter("--timeout", "The run's time limit in seconds (1–600)"));
        directive.Parameters.Add(new KernelDirectiveParameter("--session", "Carry picklable globals from this cell to the next (the state travels through the service with every run)") { Flag = true });
        return directive;
    }

    internal static string Describe(int? timeout) => timeout?.ToString(CultureInfo.InvariantCulture) ?? "service default (60 s)";
}
