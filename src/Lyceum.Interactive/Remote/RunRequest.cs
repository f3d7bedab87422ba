using Lyceum.Client;

namespace Lyceum.Interactive.Remote;

/// <summary>
/// Everything one remote run needs, whatever asked for it (a cell, <c>#!lyceum image</c>, <c>#!lyceum attach</c>):
/// read once from the cell or command, then handed to a <c>RunSession</c>. New cell options become new
/// init-only properties here; a sweep makes one request per point with <c>with</c>.
/// </summary>
internal sealed record RunRequest
{
    /// <summary>Start a cell, start an image, or attach to a run.</summary>
    public required RunKind Kind { get; init; }

    /// <summary>What runs, as the card names it (<c>#!lyceum-python cell 3</c>, an image reference, <c>run ID (attached)</c>).</summary>
    public required string What { get; init; }

    /// <summary>The machine type (<c>--machine</c>); null when unknown (an attached run).</summary>
    public string? Machine { get; init; }

    /// <summary>The time limit in seconds (<c>--timeout</c>); null leaves it to the service.</summary>
    public int? Timeout { get; init; }

    /// <summary>The pip requirements (<c>#!requirements</c> lines and the kernel's requirements file).</summary>
    public IReadOnlyList<string> Requirements { get; init; } = [];

    /// <summary>The names whose values travel back (<c>--export</c>; <c>*</c> for every one); null: the kernel's default.</summary>
    public IReadOnlyList<string>? Export { get; init; }

    /// <summary>Carry picklable globals to the next cell (<c>--session</c>).</summary>
    public bool Session { get; init; }

    /// <summary>Pass fresh temporary credentials for the account's bucket into the run (<c>--storage</c>).</summary>
    public bool Storage { get; init; }

    /// <summary>With <c>--storage</c>, what the run card says of the access: the bucket and until when; set when the cell
    /// is prepared. Never the credentials.</summary>
    public string? StorageNote { get; init; }

    /// <summary>A cell's Python code, on the cell's own lines.</summary>
    public string Code { get; init; } = "";

    /// <summary>A cell's run as the service takes it (the prelude's bootstrap and files); set when the cell is prepared.</summary>
    public PythonRunRequest? Python { get; init; }

    /// <summary>The prelude's frame nonce of a cell's run; null when the output carries no frames of ours.</summary>
    public string? Nonce { get; init; }

    /// <summary>An image run as the service takes it.</summary>
    public ImageRunRequest? Image { get; init; }

    /// <summary>The run to attach to.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>How much output the cell shows before the rest goes to a local file.</summary>
    public long OutputCapBytes { get; init; } = KernelSettings.DefaultOutputCapBytes;
}
