using System.Text;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace Lyceum.Interactive.Remote;

/// <summary>
/// The one reader of a remote cell and of <c>#!lyceum</c> lines. It owns the header syntax (kernel-line options,
/// <c>#!requirements</c> lines); the host's directive declarations are made from the same definitions.
/// </summary>
/// <remarks>
/// What the pinned host (.NET Interactive 1.0.0-beta.26120.1) hands a kernel: <see cref="SubmitCode.Code"/> without
/// the magic lines it recognised, the kernel line's options in <see cref="SubmitCode.Parameters"/> (an option typed
/// without a value is dropped silently), and the whole cell as typed in the parent <see cref="SubmitCode"/>. This
/// reader takes the options from the parameters, and from the cell as typed only what the host loses: bare options,
/// the <c>#!requirements</c> lines (the host's parser cannot bind several bare values) and the line layout.
/// </remarks>
internal static partial class CellSyntax
{
    /// <summary>The directive a cell line starts with to ask for packages.</summary>
    public const string RequirementsDirective = "#!requirements";

    /// <summary><c>--machine M</c>: the machine type.</summary>
    public static readonly CellOption Machine = new("--machine", "The machine type for this cell, e.g. cpu or gpu.a100", Example: "--machine gpu.a100");

    /// <summary><c>--timeout S</c>: the run's time limit.</summary>
    public static readonly CellOption Timeout = new("--timeout", "The run's time limit in seconds (1–600)", Example: "--timeout 600");

    /// <summary><c>--session</c>: carry picklable globals to the next cell.</summary>
    public static readonly CellOption Session = new("--session", "Carry picklable globals from this cell to the next (the state travels through the service with every run)", Flag: true);

    /// <summary><c>--export a,b|*</c>: the values that travel back to the notebook.</summary>
    public static readonly CellOption Export = new("--export", "Values to send back to the notebook: names (df,metrics) or * for every one", Example: "--export df,metrics (or --export * for every value)");

    /// <summary><c>--sweep NAME=V1,V2,…</c>: run the cell once per value (repeat it for a grid).</summary>
    public static readonly CellOption Sweep = new("--sweep", "Run the cell once per value, each bound to NAME before the code: NAME=V1,V2,… (Python literals; repeat for a grid)",
        Example: "--sweep lr=0.1,0.01,0.001", Repeatable: true);

    /// <summary><c>--parallel N</c>: at most N runs of a sweep at once.</summary>
    public static readonly CellOption Parallel = new("--parallel", "At most this many runs of a sweep at once (default 4)", Example: "--parallel 8");

    /// <summary><c>--fail-fast</c>: the first failed run of a sweep stops the others.</summary>
    public static readonly CellOption FailFast = new("--fail-fast", "The first failed run of a sweep aborts the others and the rest do not start", Flag: true);

    /// <summary><c>--max-cost C</c>: abort the run (or the whole sweep) when its spend reaches C credits.</summary>
    public static readonly CellOption MaxCost = new("--max-cost", "Abort the run (for a sweep: all its runs) when its spend reaches this many credits", Example: "--max-cost 2.50");

    /// <summary><c>--storage</c>: fresh temporary credentials for the account's bucket go into the run (<c>lyceum.s3()</c>).</summary>
    public static readonly CellOption Storage = new("--storage",
        "Pass fresh temporary credentials for your storage bucket into the run (never shown): lyceum.s3() is a boto3 client for it", Flag: true);

    /// <summary>Every kernel-line option, in the order help lists them. New cell options are added here.</summary>
    public static readonly IReadOnlyList<CellOption> KernelOptions = [Machine, Timeout, Session, Export, Storage, Sweep, Parallel, FailFast, MaxCost];

    /// <summary>Adds the kernel-line options to the host's declaration of a Lyceum kernel.</summary>
    public static KernelSpecifierDirective Declare(KernelSpecifierDirective directive, LyceumConnection connection)
    {
        foreach (var option in KernelOptions)
            directive.Parameters.Add(option.ToParameter(connection));
        return directive;
    }

    /// <summary>The host's declaration of <c>#!requirements</c>: it makes the line known to the parser, completions and
    /// hover; its values are read by <see cref="Read(SubmitCode,string,string)"/>.</summary>
    public static KernelActionDirective RequirementsDeclaration() =>
        new(RequirementsDirective, "pip packages for this cell: #!requirements numpy==1.26.4 pandas, or --file requirements.txt")
        {
            Parameters =
            {
                new KernelDirectiveParameter("--packages", "Requirement specifiers, e.g. numpy==1.26.4 pandas") { AllowImplicitName = true, MaxOccurrences = 100 },
                new KernelDirectiveParameter("--file", "A pip requirements file") { TypeHint = "file" },
            },
        };

    /// <summary>Reads the cell a Lyceum kernel was handed.</summary>
    /// <exception cref="LyceumCommandException">A requirements line is malformed or names a missing file.</exception>
    public static CellHeader Read(SubmitCode command, string kernelName, string baseDirectory) =>
        Read(command.Code, command.Parameters, (command.Parent as SubmitCode)?.Code, kernelName, baseDirectory);

    /// <summary>Reads a cell from the host's parts: the code and parameters it handed over, and the cell as typed.</summary>
    public static CellHeader Read(
        string code, IEnumerable<KeyValuePair<string, string>> parameters, string? submittedCell, string kernelName, string baseDirectory)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var known = KernelOptions.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            if (known.Contains(name))
                options[name] = (value ?? "true").Trim().Trim('"');
        }
        var bare = BareOptions(KernelLineWords(submittedCell, kernelName));
        // A flag typed alone means on; the host drops it like any option typed without a value.
        foreach (var flag in KernelOptions.Where(o => o.Flag && bare.Remove(o.Name)))
            options[flag.Name] = "true";
        // The host strips #!requirements lines from the code it hands over; the cell as typed still has them.
        var fromCell = submittedCell is not null && submittedCell.Contains(RequirementsDirective, StringComparison.Ordinal);
        var (stripped, requirements) = SplitRequirements(code, baseDirectory);
        if (fromCell)
            requirements = SplitRequirements(submittedCell!, baseDirectory).Requirements;
        // The host binds a repeated option to nothing: every --sweep is read from the kernel line as typed.
        var sweeps = Repeated(submittedCell, kernelName, Sweep);
        if (sweeps.Count == 0 && options.TryGetValue(Sweep.Name, out var single))
            sweeps = [single];
        return new CellHeader(AlignToCell(stripped, submittedCell), requirements, options, bare) { Sweeps = sweeps };
    }

    /// <summary>The words of each <c>#!lyceum SUB</c> line (given as <paramref name="prefix"/>) of the cell as typed,
    /// split on spaces outside quotes and JSON brackets, so values such as ["python","--version"] or "a --b" are one
    /// word and never mistaken for options.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> DirectiveLines(KernelCommand command, string prefix)
    {
        for (var c = command; c is not null; c = c.Parent)
        {
            if (c is SubmitCode submit)
            {
                return submit.Code.Split('\n')
                    .Select(l => l.Trim())
                    .Where(l => l == prefix || l.StartsWith(prefix + " ", StringComparison.Ordinal))
                    .Select(l => (IReadOnlyList<string>)TopLevelWords(l[prefix.Length..]).ToList())
                    .ToList();
            }
        }
        return [];
    }

    /// <summary>The lines of a requirements file, without blank lines and comments.</summary>
    public static IEnumerable<string> ReadRequirementsFile(string path, string baseDirectory, string where)
    {
        var full = Path.GetFullPath(path, baseDirectory);
        if (!File.Exists(full))
            throw new LyceumCommandException($"{where}: the requirements file {full} does not exist; give the path of a pip requirements.txt.");
        return File.ReadAllLines(full).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
    }

    /// <summary>Joins requirement lines into the run's requirements text, or null when there are none.</summary>
    public static string? RequirementsContent(IEnumerable<string> lines)
    {
        var all = lines.ToList();
        return all.Count == 0 ? null : string.Join('\n', all) + "\n";
    }

    /// <summary>Splits <c>#!requirements</c> lines out of a cell, leaving each as an empty line so line numbers stay.</summary>
    public static (string Code, IReadOnlyList<string> Requirements) SplitRequirements(string cell, string baseDirectory)
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
                requirements.AddRange(ParseRequirements(match.Groups[1].Value, i + 1, baseDirectory));
                line = line.EndsWith('\r') ? "\r" : "";
            }
            code.Append(line);
            if (i < lines.Length - 1)
                code.Append('\n');
        }
        return (code.ToString(), requirements);
    }

    /// <summary>The code laid out on the lines it has in the notebook cell. The host hands a kernel the cell without its
    /// magic lines (<c>#!lyceum-python …</c>, <c>#!requirements …</c>, <c>#!set …</c>); where
    /// <paramref name="submittedCell"/> is that cell, those lines come back as empty lines. Anything else (a cell mixing
    /// kernels, no cell at all) keeps <paramref name="code"/> as it is.</summary>
    public static string AlignToCell(string code, string? submittedCell)
    {
        if (submittedCell is null || submittedCell == code)
            return code;
        var lines = submittedCell.Split('\n');
        var blanked = string.Join('\n', lines.Select(l => l.TrimStart().StartsWith("#!", StringComparison.Ordinal) ? (l.EndsWith('\r') ? "\r" : "") : l));
        return Significant(blanked) == Significant(code) ? blanked : code;
    }

    // Every value of a repeatable option on the cell's #!kernel line, in order.
    private static List<string> Repeated(string? cell, string kernelName, CellOption option)
    {
        var words = KernelLineWords(cell, kernelName);
        var values = new List<string>();
        for (var i = 1; i < words.Count - 1; i++)
        {
            if (words[i] == option.Name && !words[i + 1].StartsWith("--", StringComparison.Ordinal))
                values.Add(words[++i].Trim('"'));
        }
        return values;
    }

    private static List<string> KernelLineWords(string? cell, string kernelName)
    {
        var line = cell?.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("#!" + kernelName, StringComparison.Ordinal));
        var words = line is null ? [] : TopLevelWords(line).ToList();
        return words.Count > 0 && words[0] == "#!" + kernelName ? words : [];
    }

    /// <summary>The options of the <c>#!connect lyceum</c> line that adds <paramref name="kernelName"/> typed with no
    /// value after them (the host drops those silently): a flag there means on.</summary>
    public static IReadOnlySet<string> BareOnConnectLine(KernelCommand command, string kernelName) =>
        BareOptions(DirectiveLines(command, "#!connect").FirstOrDefault(words => words.Count > 0 && words[0] == "lyceum" && Adds(words.ToList(), kernelName)) ?? []);

    // Whether a #!connect line's words are the ones that added kernelName (a cell may connect several kernels).
    private static bool Adds(List<string> words, string kernelName)
    {
        var at = words.IndexOf("--kernel-name");
        return at >= 0 && at + 1 < words.Count && words[at + 1].Trim('"') == kernelName;
    }

    // The kernel-line options among the words of a line typed with no value after them.
    private static HashSet<string> BareOptions(IReadOnlyList<string> words)
    {
        var bare = new HashSet<string>(StringComparer.Ordinal);
        foreach (var option in KernelOptions)
        {
            var at = words.ToList().IndexOf(option.Name);
            if (at > 0 && (at == words.Count - 1 || words[at + 1].StartsWith("--", StringComparison.Ordinal)))
                bare.Add(option.Name);
        }
        return bare;
    }

    private static string Significant(string text) =>
        string.Join('\n', text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0));

    private static IEnumerable<string> ParseRequirements(string arguments, int lineNumber, string baseDirectory)
    {
        var where = $"line {lineNumber}";
        var tokens = TopLevelWords(arguments).Select(t => t.Trim('"')).ToList();
        if (tokens.Count == 0)
            throw new LyceumCommandException($"{where}: {RequirementsDirective} needs packages, e.g. {RequirementsDirective} numpy==1.26.4 pandas, or --file requirements.txt.");
        var result = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] is "--file" or "-r")
            {
                if (i + 1 >= tokens.Count)
                    throw new LyceumCommandException($"{where}: --file needs a path, e.g. {RequirementsDirective} --file requirements.txt.");
                result.AddRange(ReadRequirementsFile(tokens[++i], baseDirectory, where));
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

    // Words split on spaces outside quotes and JSON brackets.
    private static IEnumerable<string> TopLevelWords(string line)
    {
        var word = new StringBuilder();
        var (quoted, depth) = (false, 0);
        foreach (var ch in line)
        {
            if (ch == '"')
                quoted = !quoted;
            else if (!quoted && ch is '[' or '{')
                depth++;
            else if (!quoted && ch is ']' or '}' && depth > 0)
                depth--;
            if (char.IsWhiteSpace(ch) && !quoted && depth == 0)
            {
                if (word.Length > 0)
                    yield return word.ToString();
                word.Clear();
            }
            else
            {
                word.Append(ch);
            }
        }
        if (word.Length > 0)
            yield return word.ToString();
    }

    [GeneratedRegex(@"^\s*#!requirements(?:\s+(.*?))?\s*$")]
    private static partial Regex RequirementsLine();
}
