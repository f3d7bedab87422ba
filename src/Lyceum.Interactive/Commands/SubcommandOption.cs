using System.Reflection;
using Microsoft.DotNet.Interactive.Directives;

namespace Lyceum.Interactive.Commands;

/// <summary>One option of a subcommand, read from its property: the host's parameter is made from it.</summary>
/// <param name="Name">The option as typed (<c>--requirements-file</c>).</param>
/// <param name="Property">The property the host binds the value onto.</param>
/// <param name="Declared">What the property's <see cref="OptionAttribute"/> says.</param>
internal sealed record SubcommandOption(string Name, PropertyInfo Property, OptionAttribute Declared)
{
    /// <summary>True for an option without a value: its property is a <c>bool</c>.</summary>
    public bool Flag => Property.PropertyType == typeof(bool);

    /// <summary>How help names it: the placeholder of a value given without the name (<c>PATH</c>), else the name.</summary>
    public string HelpName => Declared.Implicit ? Name.TrimStart('-').ToUpperInvariant() : $"`{Name}`";

    /// <summary>The option of <paramref name="property"/>, named as the host names the property's JSON field.</summary>
    public static SubcommandOption Of(PropertyInfo property, OptionAttribute declared) =>
        new(OptionName(property.Name), property, declared);

    /// <summary>The host's declaration of this option, with its completions.</summary>
    /// <param name="values">The completions of each <see cref="OptionValues"/> source.</param>
    public KernelDirectiveParameter ToParameter(Func<OptionValues, Func<KernelDirectiveCompletionContext, Task>?> values)
    {
        var parameter = new KernelDirectiveParameter(Name, Declared.Description)
        {
            AllowImplicitName = Declared.Implicit,
            TypeHint = Declared.TypeHint,
            Flag = Flag,
        };
        if (Declared.Choices is { } choices)
            parameter.AddCompletions(() => choices);
        if (values(Declared.Values) is { } complete)
            parameter.AddCompletions(complete);
        return parameter;
    }

    // The host turns --requirements-file into the JSON field requirementsFile, bound to RequirementsFile: the reverse here.
    private static string OptionName(string property) =>
        "--" + string.Concat(property.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
