using System.Text;
using Lyceum.Client;
using Lyceum.Interactive.Remote;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.DotNet.Interactive.Events;

namespace Lyceum.Interactive.Commands;

/// <summary>
/// The <c>#!lyceum</c> magic command: registers every <see cref="LyceumSubcommand"/> with the host from its declaration,
/// and makes help and the unknown-subcommand error from the same declarations.
/// </summary>
internal static class LyceumDirective
{
    /// <summary>The directive's name.</summary>
    public const string Name = "#!lyceum";

    /// <summary>Every subcommand, in help order. A new subcommand is one type and one line here.</summary>
    public static readonly IReadOnlyList<SubcommandDeclaration> Subcommands =
    [
        SubcommandDeclaration.Of<LyceumLogin>(),
        SubcommandDeclaration.Of<LyceumLogout>(),
        SubcommandDeclaration.Of<LyceumStatus>(),
        SubcommandDeclaration.Of<LyceumCredits>(),
        SubcommandDeclaration.Of<LyceumHistory>(),
        SubcommandDeclaration.Of<LyceumFiles>(),
        SubcommandDeclaration.Of<LyceumUpload>(),
        SubcommandDeclaration.Of<LyceumDownload>(),
        SubcommandDeclaration.Of<LyceumDelete>(),
        SubcommandDeclaration.Of<LyceumCredentials>(),
        SubcommandDeclaration.Of<LyceumKeys>(),
        SubcommandDeclaration.Of<LyceumRuns>(),
        SubcommandDeclaration.Of<LyceumAbort>(),
        SubcommandDeclaration.Of<LyceumAttach>(),
        SubcommandDeclaration.Of<LyceumImage>(),
        SubcommandDeclaration.Of<LyceumConfig>(),
        SubcommandDeclaration.Of<LyceumReset>(),
    ];

    /// <summary>Adds <c>#!lyceum</c> and its subcommands to the root kernel.</summary>
    public static void Register(CompositeKernel root, LyceumConnection connection)
    {
        var completions = Completions(root, connection);
        var parent = new KernelActionDirective(Name, "Lyceum Cloud: log in, check credits, manage files, watch and stop runs");
        var directives = Subcommands.Select(s => (Declaration: s, Directive: s.ToDirective(completions))).ToList();
        foreach (var (_, directive) in directives)
            parent.Subcommands.Add(directive);
        // The host adds only a parentless directive to the kernel's supported ones: the parent first.
        root.AddDirective<LyceumHelp>(parent, (command, context) =>
            LyceumCommands.Guard(command, context, () => HelpAsync(command, new CommandOutput(context, command))));
        foreach (var (declaration, directive) in directives)
        {
            declaration.AddTo(root, directive, (command, context) => LyceumCommands.Guard(command, context, async () =>
            {
                declaration.CheckOptions(command);
                try
                {
                    await command.RunAsync(new SubcommandContext(root, connection, new CommandOutput(context, command))).ConfigureAwait(false);
                }
                catch (LyceumApiException e) when (e.StatusCode == 404 && declaration.NotFoundHint is { } hint)
                {
                    // The service names its own endpoints; the notebook user needs the command that lists what exists,
                    // in the service's sentence without the protocol's "HTTP 404 (not_found):" in front of it.
                    var said = string.IsNullOrWhiteSpace(e.Detail) ? e.Message : e.Detail;
                    throw new LyceumCommandException($"{ServiceWords.Clean(said)} {hint}", e);
                }
            }));
        }
    }

    /// <summary>The markdown help: every subcommand with its options.</summary>
    public static string HelpMarkdown()
    {
        var text = new StringBuilder($"**Lyceum** — `{Name} <subcommand> [options]`\n\n| Subcommand | What it does | Options |\n|---|---|---|\n");
        foreach (var sub in Subcommands)
            text.Append($"| `{sub.Name}` | {sub.Description} | {string.Join(", ", sub.Options.Select(o => o.HelpName))} |\n");
        text.Append($"\nRun Python on Lyceum with a `#!{LyceumKernel.DefaultName}` cell (`--machine`, `--timeout`, `--session`); add kernels with `#!connect lyceum --kernel-name NAME`.");
        return text.ToString();
    }

    // A bare #!lyceum shows the help; the host also lands here for an unknown subcommand (it runs the parent), so a
    // #!lyceum line of the cell whose first word is not a subcommand is an error that lists the valid ones.
    private static Task HelpAsync(LyceumHelp command, CommandOutput output)
    {
        var names = Subcommands.Select(s => s.Name).ToList();
        var unknown = CellSyntax.DirectiveLines(command, Name)
            .Select(words => words.Count == 0 ? "" : words[0])
            .FirstOrDefault(w => w.Length > 0 && !names.Contains(w, StringComparer.Ordinal));
        if (unknown is not null)
            throw new LyceumCommandException($"Unknown {Name} subcommand '{unknown}'. Valid subcommands: {string.Join(", ", names)}. Run {Name} alone for help.");
        output.ShowText(HelpMarkdown(), "text/markdown");
        return Task.CompletedTask;
    }

    // The completions of each value source an option may name.
    private static Func<OptionValues, Func<KernelDirectiveCompletionContext, Task>?> Completions(CompositeKernel root, LyceumConnection connection) =>
        source => source switch
        {
            OptionValues.Machines => LyceumCommands.Complete(connection.MachinesAsync),
            OptionValues.StorageKeys => LyceumCommands.Complete(connection.StorageKeysAsync),
            OptionValues.LyceumKernels => LyceumCommands.Complete(() => Task.FromResult<IReadOnlyList<string>>(
                root.ChildKernels.OfType<LyceumKernel>().Select(k => k.Name).ToList())),
            _ => null,
        };
}
