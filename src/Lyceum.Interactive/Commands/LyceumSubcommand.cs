using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary>
/// A <c>#!lyceum</c> subcommand: the typed command the host binds a cell's <c>#!lyceum NAME …</c> line onto, and what it
/// does. The type is the whole declaration: its <c>[Subcommand]</c> attribute names it, each property marked
/// <c>[Option]</c> is one option, and help, completions and errors are made from them.
/// </summary>
public abstract class LyceumSubcommand : KernelCommand
{
    /// <summary>Does what the user asked; output goes through <paramref name="lyceum"/>'s <see cref="CommandOutput"/>.</summary>
    /// <exception cref="LyceumCommandException">The command cannot do it; the message says what to do instead.</exception>
    internal abstract Task RunAsync(SubcommandContext lyceum);

    /// <summary>What the service did not find when it answers 404, in the notebook's words ("There is no file 'x' in your
    /// storage."); null to say the service's own sentence. The declaration's NotFoundHint follows it.</summary>
    internal virtual string? NotFound => null;

    /// <summary>A value the subcommand cannot do without, trimmed; when it is missing, says how to write the subcommand.</summary>
    private protected string Required(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new LyceumCommandException($"Missing argument: {SubcommandDeclaration.Of(GetType()).Usage}")
            : value.Trim();
}
