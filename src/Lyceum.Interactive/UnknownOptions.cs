using System.Text;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace Lyceum.Interactive;

/// <summary>
/// Finds options a <c>#!lyceum</c> subcommand does not have. The host ignores them silently after a subcommand, so
/// <c>#!lyceum config --timout 30</c> would look like it worked while changing nothing.
/// </summary>
internal static class UnknownOptions
{
    /// <summary>Fails when a <c>#!lyceum NAME</c> line of the submitted cell has an option the subcommand lacks.</summary>
    public static void Check(KernelCommand command, KernelActionDirective subcommand)
    {
        var known = subcommand.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = Lines(command, $"{LyceumMagic.Name} {subcommand.Name}")
            .SelectMany(TopLevelWords)
            .FirstOrDefault(w => w.StartsWith("--", StringComparison.Ordinal) && !known.Contains(w));
        if (unknown is null)
            return;
        var options = known.Count == 0 ? "it takes no options" : "its options: " + string.Join(", ", known);
        throw new LyceumCommandException($"#!lyceum {subcommand.Name} has no option '{unknown}'; {options}. Run #!lyceum alone for help.");
    }

    /// <summary>The rest of each line of the submitted cell that starts with <paramref name="prefix"/> as a whole word.</summary>
    public static IEnumerable<string> Lines(KernelCommand command, string prefix)
    {
        for (var c = command; c is not null; c = c.Parent)
        {
            if (c is SubmitCode submit)
            {
                return submit.Code.Split('\n')
                    .Select(l => l.Trim())
                    .Where(l => l == prefix || l.StartsWith(prefix + " ", StringComparison.Ordinal))
                    .Select(l => l[prefix.Length..])
                    .ToList();
            }
        }
        return [];
    }

    // Words split on spaces outside quotes and JSON brackets, so values such as ["python","--version"] or
    // "a --b" are one word and never mistaken for options.
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
}
