using System.Text.RegularExpressions;

namespace Lyceum.Runner;

/// <summary>
/// The Python packages a notebook's cells ask for with <c>#!requirements</c>, read only to choose where the embedded
/// Lyceum Local's pip looks: offline from shipped wheels, or also from the package index.
/// </summary>
internal static partial class NotebookRequirements
{
    /// <summary>
    /// The normalised distribution names (PEP 503: lower case, runs of <c>-_.</c> as one <c>-</c>) of every
    /// requirement in <paramref name="cells"/>; null when a cell asks for something that is not a plain package
    /// (a file, a URL, an option), because then nobody can say which packages it needs.
    /// </summary>
    public static IReadOnlySet<string>? Names(IEnumerable<string> cells)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match line in cells.SelectMany(c => RequirementsLine().Matches(c)))
        {
            foreach (var token in line.Groups["args"].Value.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                if (PackageName().Match(token.Trim('"', '\'')) is not { Success: true } name || token.StartsWith('-'))
                {
                    return null;
                }

                names.Add(Normalise(name.Value));
            }
        }

        return names;
    }

    /// <summary>The distribution names of the wheels in <paramref name="folder"/> (none when it does not exist).</summary>
    public static IReadOnlySet<string> WheelNames(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.whl").Select(f => Normalise(Path.GetFileName(f).Split('-')[0])).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();

    public static string Normalise(string name) => Separators().Replace(name, "-").ToLowerInvariant();

    [GeneratedRegex(@"^[ \t]*#!requirements[ \t]+(?<args>[^\r\n]*)", RegexOptions.Multiline)]
    private static partial Regex RequirementsLine();

    // A name followed by nothing, a version specifier or extras: numpy, numpy==2.1, lyceum-hello[fast]>=0.1.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*(?=$|[\[<>=!~;])")]
    private static partial Regex PackageName();

    [GeneratedRegex("[-_.]+")]
    private static partial Regex Separators();
}
