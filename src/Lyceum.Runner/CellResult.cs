using System.Globalization;

namespace Lyceum.Runner;

/// <summary>What happened to one cell, judged against its expectation (the raises-exception tag).</summary>
internal sealed record CellResult(NotebookCell Cell, CellStatus Status, string? Error, TimeSpan Elapsed)
{
    /// <summary>A cell tagged raises-exception passes only by failing; any other cell only by succeeding.</summary>
    public bool Passed => Status switch
    {
        CellStatus.Succeeded => !Cell.ExpectsError,
        CellStatus.Failed => Cell.ExpectsError,
        _ => false,
    };

    /// <summary>Why the cell did not pass, in words for the terminal; null when it passed or did not run.</summary>
    public string? Problem => Passed ? null : Status switch
    {
        CellStatus.Succeeded => $"it is tagged '{CellTags.RaisesException}' but did not fail",
        CellStatus.NotRun => null,
        _ => Error ?? Status.ToString(),
    };

    /// <summary>
    /// The problem in one line: an exception's first line, or a Python traceback's last line (where the error is);
    /// the full text is already in the cell's output.
    /// </summary>
    public string? Headline
    {
        get
        {
            var lines = Problem?.Replace("\r\n", "\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            return lines is not { Count: > 0 } ? Problem
                : lines[0].StartsWith("Traceback (most recent call last)", StringComparison.Ordinal) ? lines[^1]
                : lines[0];
        }
    }

    /// <summary>"cell 3 of 7 (csharp: throw new …)".</summary>
    public string Name =>
        string.Create(CultureInfo.InvariantCulture, $"cell {Cell.Number} of {Cell.Total} ({Cell.Kernel}: {Cell.FirstLine})");
}
