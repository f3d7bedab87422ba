namespace Lyceum.Interactive.Commands;

/// <summary>Declares a <see cref="LyceumSubcommand"/>: the word after <c>#!lyceum</c>, what help says about it, how to
/// write it when its argument is missing, and what lists the things it names.</summary>
/// <param name="name">The subcommand as typed (<c>upload</c>).</param>
/// <param name="description">One line for help, completions and hover.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class SubcommandAttribute(string name, string description) : Attribute
{
    /// <summary>The subcommand as typed.</summary>
    public string Name { get; } = name;

    /// <summary>One line for help, completions and hover.</summary>
    public string Description { get; } = description;

    /// <summary>How to write the subcommand after its name, for "Missing argument" (<c>PATH [--key KEY]</c>).</summary>
    public string Usage { get; set; } = "";

    /// <summary>The command that lists what the subcommand names, said when the service answers 404.</summary>
    public string? NotFoundHint { get; set; }
}
