using System.Text;
using System.Text.RegularExpressions;
using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Sweeps;

/// <summary>The runs of a sweep: every combination (cartesian product) of the values of each <c>--sweep NAME=V1,V2,…</c>,
/// in order (the last name varies fastest), each bound to its names before the cell's code.</summary>
internal sealed partial class SweepPlan
{
    /// <summary>Runs live at once when the cell does not say <c>--parallel</c>.</summary>
    public const int DefaultParallel = 4;

    /// <summary>The most runs one sweep may have (the service starts 100 runs an hour).</summary>
    public const int MaxRuns = 100;

    private SweepPlan(IReadOnlyList<SweepAxis> axes, IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> points)
    {
        Axes = axes;
        Points = points;
    }

    /// <summary>The swept names and their values as typed, in the order given.</summary>
    public IReadOnlyList<SweepAxis> Axes { get; }

    /// <summary>One entry per run: each name with the value (as typed) it gets in that run.</summary>
    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Points { get; }

    /// <summary>Reads the values of every <c>--sweep</c> option of a cell.</summary>
    /// <exception cref="LyceumCommandException">A malformed option, a repeated name, or more than <see cref="MaxRuns"/> runs.</exception>
    public static SweepPlan Parse(IEnumerable<string> sweeps)
    {
        var axes = new List<SweepAxis>();
        foreach (var text in sweeps)
        {
            var at = text.IndexOf('=', StringComparison.Ordinal);
            var name = at > 0 ? text[..at].Trim() : "";
            if (at <= 0 || !IsName(name))
                throw new LyceumCommandException($"--sweep {text}: write NAME=V1,V2,… with a Python variable name, e.g. --sweep lr=0.1,0.01,0.001.");
            if (axes.Any(a => a.Name == name))
                throw new LyceumCommandException($"--sweep {name} is given twice; give each name once with all its values, e.g. --sweep {name}=1,2,3.");
            var values = TopLevelItems(text[(at + 1)..]).ToList();
            if (values.Count == 0 || values.Any(v => v.Length == 0))
                throw new LyceumCommandException($"--sweep {text}: give the values after {name}=, separated by commas, e.g. --sweep {name}=1,2,3.");
            axes.Add(new SweepAxis(name, values));
        }

        IEnumerable<IReadOnlyList<KeyValuePair<string, string>>> points = [[]];
        foreach (var axis in axes)
            points = points.SelectMany(p => axis.Values.Select(v => (IReadOnlyList<KeyValuePair<string, string>>)[.. p, new(axis.Name, v)]));
        var total = axes.Aggregate(1L, (n, a) => n * a.Values.Count);
        if (total > MaxRuns)
            throw new LyceumCommandException($"This sweep has {total} runs ({string.Join(" × ", axes.Select(a => a.Values.Count))}); one sweep may have at most {MaxRuns} "
                + "(the service starts 100 runs an hour). Sweep fewer values, or split it over several cells.");
        return new SweepPlan(axes, points.ToList());
    }

    /// <summary>Reads <c>--parallel N</c>: a whole number of runs from 1 to 100.</summary>
    /// <exception cref="LyceumCommandException">Anything else; the message says what to type.</exception>
    public static int ParseParallel(string text) =>
        int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxRuns
            ? n
            : throw new LyceumCommandException($"--parallel {text}: give a whole number of runs from 1 to {MaxRuns}, e.g. --parallel 8.");

    /// <summary>A run's parameters as a user reads them, e.g. <c>lr=0.1, batch=32</c>.</summary>
    public static string Describe(IReadOnlyList<KeyValuePair<string, string>> point) => string.Join(", ", point.Select(p => $"{p.Key}={p.Value}"));

    /// <summary>One line of Python that binds the point's names: each value read as a Python literal (a bare word such as
    /// <c>adam</c> is the string <c>'adam'</c>); a value that is neither fails the run naming the option to fix.</summary>
    public static string BindingLine(IReadOnlyList<KeyValuePair<string, string>> point)
    {
        var line = new StringBuilder(
            "exec(\"def _lyceum_sweep_value(text, name):\\n try:\\n  return __import__('ast').literal_eval(text)\\n except (ValueError, SyntaxError):\\n"
            + "  raise ValueError('--sweep ' + name + '=' + text + ': not a Python literal; quote strings, e.g. ' + name + '=\\\"' + text + '\\\"') from None\")");
        foreach (var (name, value) in point)
        {
            line.Append("; ").Append(name).Append(" = ");
            line.Append(BareWord().IsMatch(value) && value is not ("True" or "False" or "None")
                ? PythonString(value)
                : $"_lyceum_sweep_value({PythonString(value)}, {PythonString(name)})");
        }

        return line.Append("; del _lyceum_sweep_value").ToString();
    }

    /// <summary>The cell's code with the binding line on its first line when that line is empty (it held the kernel line:
    /// tracebacks keep the cell's line numbers), else before it.</summary>
    public static string Bind(string code, IReadOnlyList<KeyValuePair<string, string>> point)
    {
        var binding = BindingLine(point);
        var newline = code.IndexOf('\n', StringComparison.Ordinal);
        var first = newline < 0 ? code : code[..newline];
        return string.IsNullOrWhiteSpace(first) ? binding + (newline < 0 ? "" : code[newline..]) : binding + "\n" + code;
    }

    private static bool IsName(string name)
    {
        try
        {
            CellProgram.ValidateVariableName(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // A string literal Python reads back as exactly this text.
    private static string PythonString(string text)
    {
        var s = new StringBuilder("'");
        foreach (var ch in text)
        {
            s.Append(ch switch
            {
                '\\' => "\\\\",
                '\'' => "\\'",
                '\n' => "\\n",
                '\r' => "\\r",
                _ when ch < ' ' => $"\\x{(int)ch:x2}",
                _ => ch.ToString(),
            });
        }

        return s.Append('\'').ToString();
    }

    // Values split on commas outside quotes and brackets: --sweep shape=(1,2),(3,4) has two values.
    private static IEnumerable<string> TopLevelItems(string text)
    {
        var item = new StringBuilder();
        var (quote, depth) = ('\0', 0);
        foreach (var ch in text)
        {
            if (quote != '\0')
            {
                if (ch == quote)
                    quote = '\0';
            }
            else if (ch is '\'' or '"')
            {
                quote = ch;
            }
            else if (ch is '[' or '(' or '{')
            {
                depth++;
            }
            else if (ch is ']' or ')' or '}' && depth > 0)
            {
                depth--;
            }
            else if (ch == ',' && depth == 0)
            {
                yield return item.ToString().Trim();
                item.Clear();
                continue;
            }

            item.Append(ch);
        }

        if (item.Length > 0 || text.EndsWith(',') )
            yield return item.ToString().Trim();
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_\-./]*$")]
    private static partial Regex BareWord();
}
