using System.Runtime.CompilerServices;

namespace Lyceum.Interactive.Commands;

/// <summary>Makes a property of a <see cref="LyceumSubcommand"/> one of its options. The option's name comes from the
/// property's (<c>RequirementsFile</c> is <c>--requirements-file</c>), the same rule the host binds values back by, so
/// an option and its property cannot drift apart; a <c>bool</c> property is a flag.</summary>
/// <param name="description">What the option does, for help, completions and hover.</param>
/// <param name="line">Where it is declared: options are listed in the order they are written.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
internal sealed class OptionAttribute(string description, [CallerLineNumber] int line = 0) : Attribute
{
    /// <summary>What the option does.</summary>
    public string Description { get; } = description;

    /// <summary>The line it is declared on (its place in help and errors).</summary>
    public int Line { get; } = line;

    /// <summary>True when the value may be given without the option's name (<c>#!lyceum abort ID</c>); one per subcommand.</summary>
    public bool Implicit { get; set; }

    /// <summary>The host's type hint (<c>password</c> masks what is typed, <c>file</c> completes paths).</summary>
    public string TypeHint { get; set; } = "text";

    /// <summary>Where completions of the value come from.</summary>
    public OptionValues Values { get; set; }

    /// <summary>The fixed values the option completes to (<c>on</c>, <c>off</c>).</summary>
    public string[]? Choices { get; set; }
}
