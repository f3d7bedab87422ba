using Microsoft.DotNet.Interactive.Directives;

namespace Lyceum.Interactive.Remote;

/// <summary>One option a remote cell's kernel line (or <c>#!connect lyceum</c>) may carry, declared once: the host's
/// directive parameter is made from it, and <see cref="CellSyntax"/> reads it back from what the host hands over.</summary>
/// <param name="Name">The option as typed, e.g. <c>--machine</c>.</param>
/// <param name="Description">What it does, for completions and hover.</param>
/// <param name="Flag">True for an option without a value (<c>--session</c>).</param>
/// <param name="Example">How to write it, for the error a bare or malformed value gets.</param>
/// <param name="Repeatable">True for an option a cell may give several times (<c>--sweep a=1,2 --sweep b=3,4</c>).</param>
internal sealed record CellOption(string Name, string Description, bool Flag = false, string? Example = null, bool Repeatable = false)
{
    /// <summary>The host's declaration of this option; <c>--machine</c> completes the account's machine types.</summary>
    public KernelDirectiveParameter ToParameter(LyceumConnection connection, string? description = null) =>
        Name == CellSyntax.Machine.Name
            ? LyceumCommands.MachineParameter(connection, description ?? Description)
            : new KernelDirectiveParameter(Name, description ?? Description) { Flag = Flag, MaxOccurrences = Repeatable ? 20 : 1 };
}
