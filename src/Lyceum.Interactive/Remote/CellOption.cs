using Microsoft.DotNet.Interactive.Directives;

namespace Lyceum.Interactive.Remote;

/// <summary>One option a remote cell's kernel line (or <c>#!connect lyceum</c>) may carry, declared once: the host's
/// directive parameter is made from it, and <see cref="CellSyntax"/> reads it back from what the host hands over.</summary>
/// <param name="Name">The option as typed, e.g. <c>--machine</c>.</param>
/// <param name="Description">What it does, for completions and hover.</param>
/// <param name="Flag">True for an on/off option: alone it means on, and it may be given on/off or true/false
/// (<c>--session</c>, <c>--session off</c>).</param>
/// <param name="Example">How to write it, for the error a bare or malformed value gets.</param>
/// <param name="Repeatable">True for an option a cell may give several times (<c>--sweep a=1,2 --sweep b=3,4</c>).</param>
internal sealed record CellOption(string Name, string Description, bool Flag = false, string? Example = null, bool Repeatable = false)
{
    /// <summary>The host's declaration of this option; <c>--machine</c> completes the account's machine types.</summary>
    /// <remarks>A flag is declared as an option taking a value, never as the host's <c>Flag</c>: on a kernel line the
    /// pinned host's parser does not know a flag takes no value, so <c>--session false</c> binds both "true" and "false"
    /// to the one name and its parser throws (an item with the same key). Declared with a value, <c>--session off</c>
    /// hands over "off", and a flag typed alone (which the host drops) is read from the line as typed.</remarks>
    public KernelDirectiveParameter ToParameter(LyceumConnection connection, string? description = null)
    {
        if (Name == CellSyntax.Machine.Name)
            return LyceumCommands.MachineParameter(connection, description ?? Description);
        var parameter = new KernelDirectiveParameter(Name, description ?? Description) { MaxOccurrences = Repeatable ? 20 : 1 };
        return Flag ? parameter.AddCompletions(() => FlagValues) : parameter;
    }

    /// <summary>What a flag's value completes to (<c>--session off</c>).</summary>
    private static readonly string[] FlagValues = ["on", "off"];

    /// <summary>A flag's state from what was typed: <c>"true"</c> for the flag alone, or on/off, true/false.</summary>
    /// <exception cref="LyceumCommandException">Any other value.</exception>
    public bool ParseSwitch(string text) => LyceumCommands.ParseSwitch(text, Name);
}
