using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Remote;

/// <summary>What <see cref="CellSyntax"/> read from one remote cell: its options, its requirements and its code.</summary>
/// <param name="Code">The Python code laid out on the cell's own lines (directive lines left empty), so tracebacks
/// name the line numbers the user sees.</param>
/// <param name="Requirements">The <c>#!requirements</c> packages, in order.</param>
/// <param name="Options">Kernel-line options with their value (<c>"true"</c> for a flag), by name.</param>
/// <param name="Bare">Options typed without the value they need (the host drops those silently); a flag typed alone
/// is in <paramref name="Options"/> as <c>"true"</c> instead.</param>
internal sealed record CellHeader(
    string Code,
    IReadOnlyList<string> Requirements,
    IReadOnlyDictionary<string, string> Options,
    IReadOnlySet<string> Bare)
{
    /// <summary>Every <c>--sweep NAME=V1,V2,…</c> of the kernel line, as typed, in order; empty for a single run.</summary>
    public IReadOnlyList<string> Sweeps { get; init; } = [];

    /// <summary><c>--parallel N</c>, when given.</summary>
    /// <exception cref="LyceumCommandException">Not a whole number from 1 to 100.</exception>
    public int? Parallel => Bare.Contains(CellSyntax.Parallel.Name)
        ? throw new LyceumCommandException(NeedsValue(CellSyntax.Parallel))
        : Value(CellSyntax.Parallel) is { } text ? Lyceum.Interactive.Sweeps.SweepPlan.ParseParallel(text) : null;

    /// <summary><c>--fail-fast</c>, when given.</summary>
    public bool FailFast => Switch(CellSyntax.FailFast) ?? false;

    /// <summary><c>--max-cost C</c> in credits, when given.</summary>
    /// <exception cref="LyceumCommandException">Not a positive number.</exception>
    public decimal? MaxCost => Bare.Contains(CellSyntax.MaxCost.Name)
        ? throw new LyceumCommandException(NeedsValue(CellSyntax.MaxCost))
        : Value(CellSyntax.MaxCost) is { } text ? Budgets.CreditText.Parse(text, CellSyntax.MaxCost.Name) : null;

    /// <summary>True when the cell has neither code nor requirements: nothing to run.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(Code) && Requirements.Count == 0;

    /// <summary><c>--machine</c>, when given with a value.</summary>
    public string? Machine => Value(CellSyntax.Machine);

    /// <summary><c>--timeout</c> in seconds, checked against the service's 1–600.</summary>
    /// <exception cref="LyceumCommandException">Not a number, or out of range.</exception>
    public int? Timeout => Value(CellSyntax.Timeout) is { } text ? LyceumCommands.ParseTimeout(text) : null;

    /// <summary><c>--session</c>, when given (a flag; <c>--session off</c> or <c>false</c> turns it off for this cell).</summary>
    public bool? Session => Switch(CellSyntax.Session);

    /// <summary><c>--storage</c>, when given (a flag; <c>--storage off</c> or <c>false</c> turns it off for this cell).</summary>
    public bool? Storage => Switch(CellSyntax.Storage);

    /// <summary><c>--export</c>: the names whose values travel back to the notebook (<c>*</c> for every one), or null
    /// when the cell does not say.</summary>
    /// <exception cref="LyceumCommandException">Empty, or a name Python cannot have.</exception>
    public IReadOnlyList<string>? Export => Bare.Contains(CellSyntax.Export.Name)
        ? throw new LyceumCommandException(NeedsValue(CellSyntax.Export))
        : Value(CellSyntax.Export) is { } text ? ParseExport(text) : null;

    /// <summary>A flag's state: true when given alone or as on/true, false when given as off/false, null when the cell
    /// does not give it.</summary>
    /// <exception cref="LyceumCommandException">Given another value.</exception>
    public bool? Switch(CellOption option) => Value(option) is { } text ? option.ParseSwitch(text) : null;

    /// <summary>The value of <paramref name="option"/>, or null when the cell does not give it.</summary>
    public string? Value(CellOption option) => Options.TryGetValue(option.Name, out var value) ? value : null;

    /// <summary><c>--export a,b</c>, <c>--export "a, b"</c> or <c>--export *</c> as a list of names.</summary>
    public static IReadOnlyList<string> ParseExport(string text)
    {
        var names = text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
            throw new LyceumCommandException(NeedsValue(CellSyntax.Export));
        if (names.Contains("*"))
            return names.Length == 1 ? ["*"] : throw new LyceumCommandException($"--export {text}: give names (--export df,metrics) or * alone, not both.");
        foreach (var name in names)
        {
            try
            {
                CellProgram.ValidateVariableName(name);
            }
            catch (ArgumentException)
            {
                throw new LyceumCommandException($"--export {text}: '{name}' is not a Python variable name; give names like df,metrics, or * for every value.");
            }
        }
        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The sentence for an option typed without its value.</summary>
    public static string NeedsValue(CellOption option) => $"{option.Name} needs a value, e.g. {option.Example ?? option.Name + " VALUE"}.";
}
