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
/// <c>#!requirements pkg==1.0</c> and the kernel line may carry the options of <see cref="CellSyntax.KernelOptions"/>.
/// Values travel both ways (<c>#!set</c>, <c>#!share</c>, <c>@kernel:name</c>).
/// </summary>
public sealed partial class LyceumKernel :
    Kernel,
    IKernelCommandHandler<SubmitCode>,
    IKernelCommandHandler<RequestValueInfos>,
    IKernelCommandHandler<RequestValue>,
    IKernelCommandHandler<SendValue>
{
    /// <summary>The name of the kernel <see cref="LyceumKernelExtension.Load(Microsoft.DotNet.Interactive.Kernel, Lyceum.Client.LyceumClient?)"/> adds.</summary>
    public const string DefaultName = "lyceum-python";

    // What a cell sends back when neither it nor its kernel says (--export): names and types, no values. A run's
    // output stays in the service's record of the run, so values leave it only when the user asks.
    private static readonly IReadOnlyList<string> DefaultExport = [];

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
        AddDirective<LyceumRequirements>(CellSyntax.RequirementsDeclaration(), (_, _) => Task.CompletedTask);
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
            : SharedValueDecoder.Format(value);
        context.Publish(new ValueProduced(SharedValueDecoder.Decode(value), command.Name, formatted, command));
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
        var header = CellSyntax.Read(command, Name, Directory.GetCurrentDirectory());
        var request = await RequestAsync(header).ConfigureAwait(false);
        if (request is null)
            return;
        _connection.Require();
        var cell = Interlocked.Increment(ref _cells);
        request = request with { What = $"#!{Name} cell {cell}" };
        // Budgets are checked before anything starts; a sweep runs its points under one scheduler (SweepAsync).
        var plan = header.Sweeps.Count > 0 ? Sweeps.SweepPlan.Parse(header.Sweeps) : null;
        var (price, note) = await Budgets.BudgetGate.CheckAsync(_connection, request.Machine!, request.Timeout, plan?.Points.Count ?? 1, header.MaxCost,
            context.CancellationToken).ConfigureAwait(false);
        // Fetched per cell, so every run starts with credentials good for the service's full lifetime (an hour on Lyceum Local).
        var storage = request.Storage
            ? await StorageAccess.FetchAsync(_connection, $"#!{Name} {CellSyntax.Storage.Name}", context.CancellationToken).ConfigureAwait(false)
            : null;
        if (plan is not null)
        {
            await SweepAsync(request, plan, header, cell, price, note, storage, command, context).ConfigureAwait(false);
            return;
        }
        // --max-cost: the same cell, its spend metered against the cap.
        using var meter = header.MaxCost is null ? null : new Budgets.CostMeter(price, header.MaxCost, _connection.Time);
        var session = new RunSession(Prepare(request, cell, storage), _connection, Sink(context, command), _connection.Time, Settings, meter);
        try
        {
            await session.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            // The session's spend counts what the service billed; the estimate only where it gave no figure.
            _connection.Budget.Record(session.Spent);
        }
    }

    /// <summary>Where a run started by a command of this notebook shows itself.</summary>
    internal KernelRunSink Sink(KernelInvocationContext context, KernelCommand command) => new(context, command, PublishEvent);

    /// <summary>The run a cell asks for, with this kernel's defaults where the cell is silent; null for an empty cell.</summary>
    internal async Task<RunRequest?> RequestAsync(CellHeader header)
    {
        var machine = header.Machine ?? Settings.Machine;
        if (string.IsNullOrWhiteSpace(machine) || header.Bare.Contains(CellSyntax.Machine.Name))
        {
            // A bare --machine must not quietly run on some other machine.
            var known = await _connection.MachinesAsync().ConfigureAwait(false);
            throw new LyceumCommandException("--machine needs a machine type, e.g. --machine gpu.a100"
                + (known.Count > 0 ? $"; this account can use: {string.Join(", ", known)}." : "; #!lyceum status lists the types you can use."));
        }
        var timeout = header.Timeout ?? Settings.Timeout;
        if (header.Bare.Contains(CellSyntax.Timeout.Name))
            throw new LyceumCommandException(CellHeader.NeedsValue(CellSyntax.Timeout));
        var export = header.Export ?? Settings.Export;
        if (header.IsEmpty)
            return null;
        var requirements = (Settings.RequirementsFile is { } file
            ? CellSyntax.ReadRequirementsFile(file, Directory.GetCurrentDirectory(), "#!lyceum config --requirements-file")
            : []).Concat(header.Requirements).ToList();
        return new RunRequest
        {
            Kind = RunKind.Cell,
            What = $"#!{Name}",
            Machine = machine,
            Timeout = timeout,
            Session = header.Session ?? Settings.Session,
            Export = export,
            Storage = header.Storage ?? Settings.Storage,
            Requirements = requirements,
            Code = header.Code,
            OutputCapBytes = Settings.OutputCapBytes,
        };
    }

    // The one place a cell becomes a run: the prelude wraps the code and carries shared values and session state.
    private RunRequest Prepare(RunRequest request, int cell, StorageCredentials? storage)
    {
        var nonce = CellProgram.NewNonce();
        var parts = CellProgram.Build(request.Code, $"cell-{cell}", nonce, Settings.SharedValues, request.Session ? Settings.SessionState : null,
            new CellOptions
            {
                Session = request.Session, FigureFormat = Settings.FigureFormat, Exports = request.Export ?? DefaultExport, Storage = storage, KernelName = Name,
            });
        return request with
        {
            Nonce = nonce,
            StorageNote = storage is null ? null
                : $"bucket {storage.BucketName}" + (storage.ExpiresAt is { } until ? $", credentials until {Formatting.LyceumHtml.Time(until)}" : ""),
            Python = new PythonRunRequest(parts.Code)
            {
                ExecutionType = request.Machine!,
                Timeout = request.Timeout,
                RequirementsContent = CellSyntax.RequirementsContent(request.Requirements),
                ImportFiles = parts.ImportFiles,
                FileName = $"{Name} cell {cell}",
                NbCode = 1,
            },
        };
    }

    private static JsonElement Encode(SendValue command)
    {
        if (command.Value is not null)
            return SharedValueEncoder.Encode(command.Value, command.Name);
        return command.FormattedValue is { MimeType: "application/json" } json
            ? SharedValueEncoder.FromJson(json.Value, command.Name)
            : SharedValueEncoder.Encode(command.FormattedValue?.Value, command.Name);
    }

    private KernelSpecifierDirective CreateSpecifier(KernelSpecifierDirective directive) => CellSyntax.Declare(directive, _connection);

    internal static string Describe(int? timeout) => timeout?.ToString(CultureInfo.InvariantCulture) ?? "service default (60 s)";
}
