using Lyceum.Interactive.Remote;
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
        var unknown = CellSyntax.DirectiveLines(command, $"{LyceumMagic.Name} {subcommand.Name}")
            .SelectMany(words => words)
            .FirstOrDefault(w => w.StartsWith("--", StringComparison.Ordinal) && !known.Contains(w));
        if (unknown is null)
            return;
        var options = known.Count == 0 ? "it takes no options" : "its options: " + string.Join(", ", known);
        throw new LyceumCommandException($"#!lyceum {subcommand.Name} has no option '{unknown}'; {options}. Run #!lyceum alone for help.");
    }
}
