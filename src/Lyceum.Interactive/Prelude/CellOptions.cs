using Lyceum.Client;

namespace Lyceum.Interactive.Prelude;

/// <summary>How the prelude treats one cell's run.</summary>
internal sealed record CellOptions
{
    /// <summary>One mebibyte, the unit the caps are stated in.</summary>
    public const long Megabyte = 1024 * 1024;

    /// <summary>The largest run request the service accepts (Lyceum Local's request body limit, 16 MB).</summary>
    public const long ServiceRequestLimitBytes = 16 * Megabyte;

    /// <summary>What a run request needs apart from the session state: the prelude (~30 KB), the cell's code,
    /// the shared values and the JSON around them.</summary>
    public const long RequestReserveBytes = Megabyte;

    /// <summary>The largest session state that still fits in one run request: the state travels base64-encoded
    /// (4 bytes for every 3), next to everything in <see cref="RequestReserveBytes"/>. 11.25 MB.</summary>
    public const long MaxSessionCapBytes = (ServiceRequestLimitBytes - RequestReserveBytes) / 4 * 3;

    /// <summary>The export that sends back every data value the cell defined.</summary>
    public const string ExportAll = "*";

    /// <summary>Carry picklable globals from this run to the next (opt-in: the state travels through the service on every run).</summary>
    public bool Session { get; init; }

    /// <summary>
    /// The top-level names whose values travel back after the run (<c>--export df,metrics</c>), or
    /// <see cref="ExportAll"/> for every data value. Empty (the default): only names and types come back,
    /// never values, because a run's output is kept in the service's record of the run.
    /// </summary>
    public IReadOnlyList<string> Exports { get; init; } = [];

    /// <summary>Total JSON size of the exported values sent back after the run.</summary>
    public long VariablesCapBytes { get; init; } = Megabyte;

    /// <summary>Compressed size of the session state sent back after the run; at most <see cref="MaxSessionCapBytes"/>.</summary>
    public long SessionCapBytes { get; init; } = MaxSessionCapBytes;

    /// <summary>The format of matplotlib figures.</summary>
    public FigureFormat FigureFormat { get; init; } = FigureFormat.Png;

    /// <summary>
    /// <c>--storage</c>: temporary credentials for the account's bucket. They travel in the inputs file (deleted by the
    /// prelude before the cell's code starts) and end up in the run process's environment (<c>AWS_*</c>), never in
    /// the cell's globals or its output. Null: the cell has no storage access.
    /// </summary>
    public StorageCredentials? Storage { get; init; }

    /// <summary>The kernel the cell ran in (<c>lyceum-python</c>), so the prelude's advice names the line to write.</summary>
    public string KernelName { get; init; } = "lyceum-python";
}
