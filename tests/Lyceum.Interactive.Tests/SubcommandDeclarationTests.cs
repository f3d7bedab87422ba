using System.Text.Json;
using Lyceum.Interactive.Commands;
using Lyceum.Interactive.Remote;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests;

/// <summary>Each <c>#!lyceum</c> subcommand is declared once, by its type: help, completions, the unknown-option error
/// and the host's binding all follow the declaration.</summary>
public sealed class SubcommandDeclarationTests
{
    public SubcommandDeclarationTests() => Formatter.ResetToDefault();

    public static TheoryData<string> Subcommands() => [.. LyceumDirective.Subcommands.Select(s => s.Name)];

    private static SubcommandDeclaration Declared(string name) => LyceumDirective.Subcommands.Single(s => s.Name == name);

    [Theory]
    [MemberData(nameof(Subcommands))]
    public async Task help_lists_the_subcommand_with_every_option_it_declares_in_order(string name)
    {
        using var notebook = new Notebook(client: null);

        var result = await notebook.SubmitAsync("#!lyceum");

        result.Succeeded();
        var help = Assert.Single(result.Formatted("text/markdown"));
        var row = Assert.Single(help.Split('\n'), l => l.StartsWith($"| `{name}` |", StringComparison.Ordinal));
        var declared = Declared(name);
        Assert.Equal($"| `{name}` | {declared.Description} | {string.Join(", ", declared.Options.Select(o => o.HelpName))} |", row);
    }

    [Theory]
    [MemberData(nameof(Subcommands))]
    public async Task the_host_completes_exactly_the_options_the_subcommand_declares(string name)
    {
        using var notebook = new Notebook(client: null);
        // The pinned host offers a subcommand's options after its name and a space (not after a typed "--").
        var code = $"#!lyceum {name} ";

        var result = await notebook.SendAsync(new RequestCompletions(code, new LinePosition(0, code.Length)));

        var completions = Assert.Single(result.Events.OfType<CompletionsProduced>());
        var offered = completions.Completions.Select(c => c.DisplayText).Where(t => t.StartsWith("--", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(Declared(name).Options.Select(o => o.Name).Order(StringComparer.Ordinal), offered);
    }

    [Fact]
    public async Task the_host_completes_the_values_an_option_declares_without_asking_the_service()
    {
        using var notebook = new Notebook(client: null);
        var offline = LyceumDirective.Subcommands
            .SelectMany(s => s.Options.Select(o => (Subcommand: s.Name, Option: o)))
            .Where(x => x.Option.Declared.Choices is not null || x.Option.Declared.Values == OptionValues.LyceumKernels)
            .ToList();
        Assert.NotEmpty(offline);

        foreach (var (subcommand, option) in offline)
        {
            var code = $"#!lyceum {subcommand} {option.Name} ";
            var result = await notebook.SendAsync(new RequestCompletions(code, new LinePosition(0, code.Length)));

            var offered = Assert.Single(result.Events.OfType<CompletionsProduced>()).Completions.Select(c => c.DisplayText).ToList();
            Assert.All(option.Declared.Choices ?? [LyceumKernel.DefaultName], value => Assert.Contains(value, offered));
        }
    }

    [Fact]
    public async Task the_host_completes_every_subcommand_after_the_directive()
    {
        using var notebook = new Notebook(client: null);
        const string code = "#!lyceum ";

        var result = await notebook.SendAsync(new RequestCompletions(code, new LinePosition(0, code.Length)));

        var offered = Assert.Single(result.Events.OfType<CompletionsProduced>()).Completions.Select(c => c.DisplayText).ToList();
        Assert.All(LyceumDirective.Subcommands, s => Assert.Contains(s.Name, offered));
    }

    [Theory]
    [MemberData(nameof(Subcommands))]
    public async Task an_unknown_option_fails_naming_the_options_the_subcommand_declares(string name)
    {
        using var notebook = new Notebook(client: null);

        var result = await notebook.SubmitAsync($"#!lyceum {name} --no-such-option");

        var options = Declared(name).Options.Select(o => o.Name).ToList();
        var expected = options.Count == 0 ? "it takes no options" : "its options: " + string.Join(", ", options);
        Assert.Equal($"#!lyceum {name} has no option '--no-such-option'; {expected}. Run #!lyceum alone for help.", result.Failed().Message);
    }

    [Fact]
    public async Task an_unknown_subcommand_fails_listing_every_declared_one()
    {
        using var notebook = new Notebook(client: null);

        var result = await notebook.SubmitAsync("#!lyceum credit");

        Assert.Equal($"Unknown #!lyceum subcommand 'credit'. Valid subcommands: {string.Join(", ", LyceumDirective.Subcommands.Select(s => s.Name))}. Run #!lyceum alone for help.",
            result.Failed().Message);
    }

    [Theory]
    [MemberData(nameof(Subcommands))]
    public async Task the_host_binds_every_declared_option_onto_its_property(string name)
    {
        var declared = Declared(name);
        foreach (var option in declared.Options)
        {
            var bound = await BindAsync(declared, $"#!lyceum {name} {option.Name}{(option.Flag ? "" : " value-1")}");

            var value = option.Property.GetValue(bound);
            if (option.Flag)
                Assert.Equal(true, value);
            else
                Assert.Equal("value-1", value is JsonElement json ? json.GetString() : value);
        }
        foreach (var option in declared.Options.Where(o => o.Declared.Implicit))
            Assert.Equal("value-2", option.Property.GetValue(await BindAsync(declared, $"#!lyceum {name} value-2")));
    }

    [Fact]
    public void a_public_property_that_is_not_an_option_is_refused_when_the_subcommand_is_declared()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SubcommandDeclaration.Read(typeof(UndeclaredProperty), (_, _, _) => { }));

        Assert.Contains("Forgotten", error.Message);
    }

    [Fact]
    public void two_options_taking_a_bare_value_are_refused_when_the_subcommand_is_declared()
    {
        Assert.Throws<InvalidOperationException>(() => SubcommandDeclaration.Read(typeof(TwoBareValues), (_, _, _) => { }));
    }

    [Fact]
    public void an_option_is_named_after_its_property_as_the_host_binds_it()
    {
        Assert.Equal(["--kernel", "--machine", "--timeout", "--requirements-file", "--output-cap", "--session", "--figure-format", "--budget"],
            Declared("config").Options.Select(o => o.Name));
    }

    // The host parses the line and binds the subcommand's command; the handler only keeps it.
    private static async Task<LyceumSubcommand> BindAsync(SubcommandDeclaration declared, string cell)
    {
        var csharp = new CSharpKernel();
        using var kernel = new CompositeKernel { csharp };
        kernel.DefaultKernelName = csharp.Name;
        var directive = declared.ToDirective(_ => null);
        kernel.AddDirective<LyceumHelp>(new KernelActionDirective("#!lyceum") { Subcommands = { directive } }, (_, _) => Task.CompletedTask);
        LyceumSubcommand? bound = null;
        declared.AddTo(kernel, directive, (command, _) =>
        {
            bound = command;
            return Task.CompletedTask;
        });

        (await kernel.SubmitCodeAsync(cell)).Succeeded();

        return Assert.IsAssignableFrom<LyceumSubcommand>(bound);
    }

    [Subcommand("undeclared", "A subcommand with a property the host would bind but no option declares")]
    private sealed class UndeclaredProperty : LyceumSubcommand
    {
        [Option("Declared")]
        public string? Declared { get; set; }

        public string? Forgotten { get; set; }

        internal override Task RunAsync(SubcommandContext lyceum) => Task.CompletedTask;
    }

    [Subcommand("two-bare", "A subcommand with two options taking a value without their names")]
    private sealed class TwoBareValues : LyceumSubcommand
    {
        [Option("One", Implicit = true)]
        public string? One { get; set; }

        [Option("Two", Implicit = true)]
        public string? Two { get; set; }

        internal override Task RunAsync(SubcommandContext lyceum) => Task.CompletedTask;
    }
}
