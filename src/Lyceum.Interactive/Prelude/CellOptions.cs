namespace Lyceum.Interactive.Prelude;

/// <summary>How the prelude treats one cell's run.</summary>
internal sealed record CellOptions
{
    /// <summary>One mebibyte, the unit the caps are stated in.</summary>
    public const long Megabyte = 1024 * 1024;

    /// <summary>Carry picklable globals from this run to the next (opt-in: the state travels on every run).</summary>
    public bool Session { get; init; }

    /// <summary>Total JSON size of the variables sent back after the run.</summary>
    public long VariablesCapBytes { get; init; } = Megabyte;

    /// <summary>Compressed size of the session state sent back after the run.</summary>
    public long SessionCapBytes { get; init; } = 20 * Megabyte;

    /// <summary>The format of matplotlib figures.</summary>
    public FigureFormat FigureFormat { get; init; } = FigureFormat.Png;

    /// <summary>The names whose values travel back to the notebook after the run (<c>--export a,b</c>), <c>["*"]</c>
    /// for every one, or null when neither the cell nor the kernel asked.</summary>
    public IReadOnlyList<string>? Export { get; init; }
}
