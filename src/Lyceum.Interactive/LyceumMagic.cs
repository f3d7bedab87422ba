using System.Text;
using Lyceum.Client;
using Lyceum.Interactive.Commands;
using Lyceum.Interactive.Remote;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.DotNet.Interactive.Events;

namespace Lyceum.Interactive;

/// <summary>
/// The <c>#!lyceum</c> magic command: its subcommands are declared here as data (name, description, parameters) and
/// bound to typed commands; the handlers live in the partial files by area.
/// </summary>
internal sealed partial class LyceumMagic
{
    /// <summary>The directive's name.</summary>
    public const string Name = "#!lyceum";

    private readonly CompositeKernel _root;
    private readonly LyceumConnection _connection;
    private readonly KernelActionDirective _directive = new(Name, "Lyceum Cloud: log in, check credits, manage files, watch and stop runs");

    public LyceumMagic(CompositeKernel root, LyceumConnection connection)
    {
        (_root, _connection) = (root, connection);
    }

    // What lists the things a subcommand names, for when the service says one does not exist.
    private static readonly Dictionary<string, string> NotFoundHints = new(StringComparer.Ordinal)
    {
        ["download"] = "#!lyceum files lists your storage keys.",
        ["delete"] = "#!lyceum files lists your storage keys.",
        ["abort"] = "#!lyceum runs lists your live runs, #!lyceum history the past ones.",
        ["keys"] = "#!lyceum keys lists your keys with their ids.",
    };

    /// <summary>The subcommand names, in help order.</summary>
    public IReadOnlyList<string> Subcommands => _directive.Subcommands.Select(s => s.Name).ToList();

    /// <summary>Adds <c>#!lyceum</c> and its subcommands to the root kernel.</summary>
    public void Register()
    {
        var handlers = new List<Action>();
        void Sub<T>(string name, string description, Func<T, KernelInvocationContext, Task> handler, params KernelDirectiveParameter[] parameters)
            where T : KernelCommand
        {
            var sub = new KernelActionDirective(name, description);
            foreach (var parameter in parameters)
                sub.Parameters.Add(parameter);
            _directive.Subcommands.Add(sub);
            handlers.Add(() => _root.AddDirective<T>(sub, (command, context) => LyceumCommands.Guard(command, context, async () =>
            {
                UnknownOptions.Check(command, sub);
                try
                {
                    await handler(command, context).ConfigureAwait(false);
                }
                catch (LyceumApiException e) when (e.StatusCode == 404 && NotFoundHints.TryGetValue(name, out var hint))
                {
                    // The service names its own endpoints; the notebook user needs the command that lists what exists.
                    throw new LyceumCommandException($"{ServiceWords.Clean(e.Message)} {hint}", e);
                }
            })));
        }

        Sub<LyceumLogin>("login", "Log in with an API key, or an email and password",
            LoginAsync,
            new KernelDirectiveParameter("--api-key", "An API key (lk_…); use @password:\"Lyceum API key\" to be asked") { TypeHint = "password" },
            new KernelDirectiveParameter("--email", "The account's email (with --password)"),
            new KernelDirectiveParameter("--password", "The account's password; use @password:\"Password\" to be asked") { TypeHint = "password" },
            new KernelDirectiveParameter("--url", "The service, e.g. https://api.lyceum.technology or http://127.0.0.1:8080"));
        Sub<LyceumLogout>("logout", "Forget the notebook's credential", LogoutAsync);
        Sub<LyceumStatus>("status", "Service health and version, who you are, the default machine, rate limits", StatusAsync,
            new KernelDirectiveParameter("--verbose", "Also show the extension's recent log: requests, retries, rate-limit waits") { Flag = true });
        Sub<LyceumCredits>("credits", "Your credits: remaining, free, purchased, used", CreditsAsync);
        Sub<LyceumHistory>("history", "Past runs with status, machine, duration and cost",
            HistoryAsync,
            new KernelDirectiveParameter("--limit", "How many runs (1–500, default 20)"),
            new KernelDirectiveParameter("--offset", "How many of the newest runs to skip"));
        Sub<LyceumFiles>("files", "The files in your storage",
            FilesAsync,
            LyceumCommands.KeyParameter(_connection, "--prefix", "Only keys that start with this"));
        Sub<LyceumUpload>("upload", "Upload a local file to storage",
            UploadAsync,
            new KernelDirectiveParameter("--path", "The local file") { AllowImplicitName = true, TypeHint = "file" },
            new KernelDirectiveParameter("--key", "The storage key (default: the file's name)"));
        Sub<LyceumDownload>("download", "Download a file from storage",
            DownloadAsync,
            LyceumCommands.KeyParameter(_connection, "--key", "The storage key", implicitName: true),
            new KernelDirectiveParameter("--to", "The local path (default: the key's file name here)") { TypeHint = "file" });
        Sub<LyceumDelete>("delete", "Delete a file from storage (--folder: everything under a prefix)",
            DeleteAsync,
            LyceumCommands.KeyParameter(_connection, "--key", "The storage key (or prefix with --folder)", implicitName: true),
            new KernelDirectiveParameter("--folder", "Delete every file under the key as a prefix") { Flag = true });
        Sub<LyceumKeys>("keys", "List your API keys; create, delete or turn one on or off",
            KeysAsync,
            new KernelDirectiveParameter("--create", "Create a key with this name (its secret is shown once)"),
            new KernelDirectiveParameter("--delete", "Delete the key with this id"),
            new KernelDirectiveParameter("--toggle", "Turn the key with this id on or off"));
        Sub<LyceumRuns>("runs", "Your live runs", RunsAsync);
        Sub<LyceumAbort>("abort", "Stop a run",
            AbortAsync,
            new KernelDirectiveParameter("--execution-id", "The run's id") { AllowImplicitName = true });
        Sub<LyceumAttach>("attach", "Replay a run's output and follow it into this cell",
            AttachAsync,
            new KernelDirectiveParameter("--execution-id", "The run's id") { AllowImplicitName = true });
        Sub<LyceumImage>("image", "Run a Docker image on Lyceum and stream its output",
            ImageAsync,
            new KernelDirectiveParameter("--image", "The image, e.g. python:3.12-slim") { AllowImplicitName = true },
            new KernelDirectiveParameter("--cmd", "The command: a JSON array, or a string split into words as a shell would"),
            new KernelDirectiveParameter("--env", "Environment: KEY=VALUE;KEY2=VALUE2 or a JSON object"),
            LyceumCommands.MachineParameter(_connection, "The machine type (default cpu)"),
            new KernelDirectiveParameter("--timeout", "The time limit in seconds (1–600)"));
        Sub<LyceumConfig>("config", "Show or set a Lyceum kernel's defaults for later cells",
            ConfigAsync,
            new KernelDirectiveParameter("--kernel", $"The Lyceum kernel (default {LyceumKernel.DefaultName})").AddCompletions(LyceumKernelNames),
            LyceumCommands.MachineParameter(_connection, "The machine type later cells run on"),
            new KernelDirectiveParameter("--timeout", "Later cells' time limit in seconds (1–600)"),
            new KernelDirectiveParameter("--requirements-file", "A requirements.txt every cell installs (none: stop)") { TypeHint = "file" },
            new KernelDirectiveParameter("--output-cap", "How much output a cell shows before cutting to a log file, e.g. 1MB"),
            new KernelDirectiveParameter("--session", "on: carry state between cells; off: start each cell empty").AddCompletions(() => ["on", "off"]),
            new KernelDirectiveParameter("--figure-format", "matplotlib figures as png or svg").AddCompletions(() => ["png", "svg"]),
            new KernelDirectiveParameter("--budget", "This notebook session's spending limit in credits (none: no limit); runs whose worst case exceeds what is left are refused"));
        Sub<LyceumReset>("reset", "Forget a Lyceum kernel's session state and shared values",
            ResetAsync,
            new KernelDirectiveParameter("--kernel", $"The Lyceum kernel (default {LyceumKernel.DefaultName})").AddCompletions(LyceumKernelNames));

        _root.AddDirective<LyceumHelp>(_directive, HelpAsync);
        foreach (var register in handlers)
            register();
    }

    /// <summary>The markdown help: every subcommand with its parameters.</summary>
    public string HelpMarkdown()
    {
        var text = new StringBuilder("**Lyceum** — `#!lyceum <subcommand> [options]`\n\n| Subcommand | What it does | Options |\n|---|---|---|\n");
        foreach (var sub in _directive.Subcommands)
        {
            var options = string.Join(", ", sub.Parameters.Select(p => p.AllowImplicitName ? p.Name.TrimStart('-').ToUpperInvariant() : $"`{p.Name}`"));
            text.Append($"| `{sub.Name}` | {sub.Description} | {options} |\n");
        }
        text.Append($"\nRun Python on Lyceum with a `#!{LyceumKernel.DefaultName}` cell (`--machine`, `--timeout`, `--session`); add kernels with `#!connect lyceum --kernel-name NAME`.");
        return text.ToString();
    }

    // A bare #!lyceum shows the help; the host also lands here for an unknown subcommand (it runs the parent), so a
    // #!lyceum line of the cell whose first word is not a subcommand is an error that lists the valid ones.
    private Task HelpAsync(LyceumHelp command, KernelInvocationContext context)
    {
        var unknown = FirstWordsAfterDirective(command).FirstOrDefault(w => w.Length > 0 && !Subcommands.Contains(w, StringComparer.Ordinal));
        if (unknown is not null)
        {
            context.Fail(command, message: $"Unknown #!lyceum subcommand '{unknown}'. Valid subcommands: {string.Join(", ", Subcommands)}. Run #!lyceum alone for help.");
            return Task.CompletedTask;
        }
        context.DisplayAs(HelpMarkdown(), "text/markdown");
        return Task.CompletedTask;
    }

    // The word after each #!lyceum line of the submitted cell ("" for a bare one).
    private static IEnumerable<string> FirstWordsAfterDirective(KernelCommand command) =>
        CellSyntax.DirectiveLines(command, Name).Select(words => words.Count == 0 ? "" : words[0]);

    private Task LyceumKernelNames(KernelDirectiveCompletionContext completion)
    {
        foreach (var kernel in _root.ChildKernels.OfType<LyceumKernel>())
            completion.CompletionItems.Add(new CompletionItem(kernel.Name, "Value"));
        return Task.CompletedTask;
    }

    private LyceumKernel FindKernel(string? name)
    {
        name ??= LyceumKernel.DefaultName;
        return _root.ChildKernels.OfType<LyceumKernel>().FirstOrDefault(k => k.Name == name)
            ?? throw new LyceumCommandException(
                $"There is no Lyceum kernel named '{name}'. Lyceum kernels here: {string.Join(", ", _root.ChildKernels.OfType<LyceumKernel>().Select(k => k.Name))}. "
                + "Add one with #!connect lyceum --kernel-name NAME.");
    }
}
