using System.Collections.Concurrent;
using System.Reflection;
using Lyceum.Interactive.Remote;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace Lyceum.Interactive.Commands;

/// <summary>
/// Everything declared about one <c>#!lyceum</c> subcommand, read once from its type: the host's directive, help's row,
/// the unknown-option error and "Missing argument" all come from here, so none can drift from the others.
/// </summary>
internal sealed class SubcommandDeclaration
{
    private static readonly ConcurrentDictionary<Type, SubcommandDeclaration> Declared = new();

    private readonly Action<Kernel, KernelActionDirective, Func<LyceumSubcommand, KernelInvocationContext, Task>> _addTo;

    private SubcommandDeclaration(Type type, SubcommandAttribute subcommand, IReadOnlyList<SubcommandOption> options,
        Action<Kernel, KernelActionDirective, Func<LyceumSubcommand, KernelInvocationContext, Task>> addTo)
    {
        (Type, Name, Description, Options, _addTo) = (type, subcommand.Name, subcommand.Description, options, addTo);
        Usage = $"{LyceumDirective.Name} {Name} {subcommand.Usage}".TrimEnd();
        NotFoundHint = subcommand.NotFoundHint;
    }

    /// <summary>The typed command the host binds.</summary>
    public Type Type { get; }

    /// <summary>The subcommand as typed.</summary>
    public string Name { get; }

    /// <summary>One line for help, completions and hover.</summary>
    public string Description { get; }

    /// <summary>The options, in the order they are declared.</summary>
    public IReadOnlyList<SubcommandOption> Options { get; }

    /// <summary>How to write the subcommand (<c>#!lyceum upload PATH [--key KEY]</c>).</summary>
    public string Usage { get; }

    /// <summary>The command that lists what the subcommand names, or null.</summary>
    public string? NotFoundHint { get; }

    /// <summary>The declaration of <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">The type's declaration is inconsistent (a bug, found when the extension loads).</exception>
    public static SubcommandDeclaration Of<T>() where T : LyceumSubcommand =>
        Declared.GetOrAdd(typeof(T), type => Read(type, (kernel, directive, handler) => kernel.AddDirective<T>(directive, handler)));

    /// <summary>The declaration of a subcommand type already read by <see cref="Of{T}"/>.</summary>
    public static SubcommandDeclaration Of(Type type) =>
        Declared.TryGetValue(type, out var declaration) ? declaration : throw new InvalidOperationException($"{type.Name} is not a registered #!lyceum subcommand.");

    /// <summary>The host's directive for this subcommand.</summary>
    public KernelActionDirective ToDirective(Func<OptionValues, Func<KernelDirectiveCompletionContext, Task>?> values)
    {
        var directive = new KernelActionDirective(Name, Description);
        foreach (var option in Options)
            directive.Parameters.Add(option.ToParameter(values));
        return directive;
    }

    /// <summary>Binds <paramref name="directive"/> to this subcommand's typed command on <paramref name="kernel"/>.</summary>
    public void AddTo(Kernel kernel, KernelActionDirective directive, Func<LyceumSubcommand, KernelInvocationContext, Task> handler) =>
        _addTo(kernel, directive, handler);

    /// <summary>Fails when a <c>#!lyceum NAME</c> line of the submitted cell has an option the subcommand lacks. The host
    /// ignores those silently after a subcommand, so <c>#!lyceum config --timout 30</c> would seem to work while changing nothing.</summary>
    /// <exception cref="LyceumCommandException">An option is unknown; the message lists the known ones.</exception>
    public void CheckOptions(KernelCommand command)
    {
        var known = Options.Select(o => o.Name).ToList();
        var unknown = CellSyntax.DirectiveLines(command, $"{LyceumDirective.Name} {Name}")
            .SelectMany(words => words)
            .FirstOrDefault(w => w.StartsWith("--", StringComparison.Ordinal) && !known.Contains(w, StringComparer.Ordinal));
        if (unknown is null)
            return;
        var options = known.Count == 0 ? "it takes no options" : "its options: " + string.Join(", ", known);
        throw new LyceumCommandException($"{LyceumDirective.Name} {Name} has no option '{unknown}'; {options}. Run {LyceumDirective.Name} alone for help.");
    }

    /// <summary>Reads and checks a subcommand type's declaration.</summary>
    /// <exception cref="InvalidOperationException">A public property is not an option, two options take a bare value,
    /// or the type is not marked as a subcommand.</exception>
    internal static SubcommandDeclaration Read(Type type,
        Action<Kernel, KernelActionDirective, Func<LyceumSubcommand, KernelInvocationContext, Task>> addTo)
    {
        var subcommand = type.GetCustomAttribute<SubcommandAttribute>()
            ?? throw new InvalidOperationException($"{type.Name} has no [Subcommand] declaration.");
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
        // The host binds every option onto a public settable property: one without [Option] would never be set from a
        // cell, and a read-only one would silently ignore what the user typed.
        var undeclared = properties.Where(p => p.GetCustomAttribute<OptionAttribute>() is null || p.SetMethod is not { IsPublic: true }).ToList();
        if (undeclared.Count > 0)
            throw new InvalidOperationException($"#!lyceum {subcommand.Name}: {string.Join(", ", undeclared.Select(p => p.Name))} must be public settable properties marked [Option].");
        var options = properties
            .Select(p => SubcommandOption.Of(p, p.GetCustomAttribute<OptionAttribute>()!))
            .OrderBy(o => o.Declared.Line)
            .ToList();
        if (options.Count(o => o.Declared.Implicit) > 1)
            throw new InvalidOperationException($"#!lyceum {subcommand.Name}: only one option may take a value without its name.");
        return new SubcommandDeclaration(type, subcommand, options, addTo);
    }
}
