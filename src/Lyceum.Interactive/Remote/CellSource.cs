using System.Text;
using System.Text.RegularExpressions;

namespace Lyceum.Interactive.Remote;

/// <summary>A cell split into its Python code and its <c>#!requirements</c> lines.</summary>
/// <param name="Code">The code, with each requirements line left as an empty line so line numbers stay right.</param>
/// <param name="Requirements">The pip requirements the cell asked for, one per line, in order.</param>
internal sealed partial record CellSource(string Code, IReadOnlyList<string> Requirements)
{
    /// <summary>The directive a cell line starts with to ask for packages.</summary>
    public const string RequirementsDirective = "#!requirements";

    /// <summary>Splits a cell. <c>--file PATH</c> reads a requirements file (relative to <paramref name="baseDirectory"/>).</summary>
    /// <exception cref="LyceumCommandException">A line is malformed or a file is missing; the message says which.</exception>
    public static CellSource Parse(string cell, string baseDirectory)
    {
        var code = new StringBuilder();
        var requirements = new List<string>();
        var lines = cell.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var match = RequirementsLine().Match(line);
            if (match.Success)
            {
                requirements.AddRange(ParseArguments(match.Groups[1].Value, i + 1, baseDirectory));
                line = line.EndsWith('\r') ? "\r" : "";
            }
            code.Append(line);
            if (i < lines.Length - 1)
                code.Append('\n');
        }
        return new CellSource(code.ToString(), requirements);
    }

    /// <summary>The code laid out on the lines it has in the notebook cell, so tracebacks name the cell's own line numbers.
    /// The host hands a kernel the cell without its magic lines (<c>#!lyceum-python …</c>, <c>#!requirements …</c>,
    /// <c>#!set …</c>); where <paramref name="submittedCell"/> is that cell, those lines come back as empty lines.
    /// Anything else (a cell mixing kernels, no cell at all) keeps <paramref name="code"/> as it is.</summary>
    public static string AlignToCell(string code, string? submittedCell)
    {
        if (submittedCell is null || submittedCell == code)
            return code;
        var lines = submittedCell.Split('\n');
        var blanked = string.Join('\n', lines.Select(l => l.TrimStart().StartsWith("#!", StringComparison.Ordinal) ? (l.EndsWith('\r') ? "\r" : "") : l));
        return Significant(blanked) == Significant(code) ? blanked : code;
    }

    /// <summary>True when the cell's <c>#!kernel</c> line has <paramref name="option"/> with no value after it.</summary>
    public static bool HasBareOption(string? cell, string kernelName, string option)
    {
        var line = cell?.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("#!" + kernelName, StringComparison.Ordinal));
        if (line is null)
            return false;
        var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens[0] != "#!" + kernelName)
            return false;
        var at = Array.IndexOf(tokens, option);
        return at > 0 && (at == tokens.Length - 1 || tokens[at + 1].StartsWith("--", StringComparison.Ordinal));
    }

    private static string Significant(string text) =>
        string.Join('\n', text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0));

    /// <summary>The lines of a requirements file, without blank lines and comments.</summary>
    public static IEnumerable<string> ReadFile(string path, string baseDirectory, string where)
    {
        var full = Path.GetFullPath(path, baseDirectory);
        if (!File.Exists(full))
            throw new LyceumCommandException($"{where}: the requirements file {full} does not exist; give the path of a pip requirements.txt.");
        return File.ReadAllLines(full).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
    }

    /// <summary>Joins requirement lines into the run's <c>requirements_content</c>, or null when there are none.</summary>
    public static string? Content(IEnumerable<string> lines)
    {
        var all = lines.ToList();
        return all.Count == 0 ? null : string.Join('\n', all) + "\n";
    }

    private static IEnumerable<string> ParseArguments(string arguments, int lineNumber, string baseDirectory)
    {
        var where = $"line {lineNumber}";
        var tokens = Tokens(arguments).ToList();
        if (tokens.Count == 0)
            throw new LyceumCommandException($"{where}: {RequirementsDirective} needs packages, e.g. {RequirementsDirective} numpy==1.26.4 pandas, or --file requirements.txt.");
        var result = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] is "--file" or "-r")
            {
                if (i + 1 >= tokens.Count)
                    throw new LyceumCommandException($"{where}: --file needs a path, e.g. {RequirementsDirective} --file requirements.txt.");
                result.AddRange(ReadFile(tokens[++i], baseDirectory, where));
            }
            else if (tokens[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new LyceumCommandException($"{where}: {RequirementsDirective} knows only --file, not {tokens[i]}.");
            }
            else
            {
                result.Add(tokens[i]);
            }
        }
        return result;
    }

    private static IEnumerable<string> Tokens(string text)
    {
        foreach (Match m in Token().Matches(text))
            yield return m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
    }

    [GeneratedRegex(@"^\s*#!requirements(?:\s+(.*?))?\s*$")]
    private static partial Regex RequirementsLine();

    [GeneratedRegex("\"([^\"]*)\"|(\\S+)")]
    private static partial Regex Token();
}
