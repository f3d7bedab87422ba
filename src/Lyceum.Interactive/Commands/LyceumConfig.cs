using System.Globalization;
using Lyceum.Interactive.Budgets;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Remote;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum config</c>: shows or sets a Lyceum kernel's defaults for later cells.</summary>
[Subcommand("config", "Show or set a Lyceum kernel's defaults for later cells")]
public sealed class LyceumConfig : LyceumSubcommand
{
    /// <summary>--kernel: the Lyceum kernel (default lyceum-python).</summary>
    [Option("The Lyceum kernel (default " + LyceumKernel.DefaultName + ")", Values = OptionValues.LyceumKernels)]
    public string? Kernel { get; set; }

    /// <summary>--machine: the machine type.</summary>
    [Option("The machine type later cells run on", Values = OptionValues.Machines)]
    public string? Machine { get; set; }

    /// <summary>--timeout: the time limit in seconds (1–600). Text, so a typo gets a clear message, not a JSON error.</summary>
    [Option("Later cells' time limit in seconds (1–600)")]
    public string? Timeout { get; set; }

    /// <summary>--requirements-file: a requirements.txt every cell installs ("none" clears it).</summary>
    [Option("A requirements.txt every cell installs (none: stop)", TypeHint = "file")]
    public string? RequirementsFile { get; set; }

    /// <summary>--output-cap: how much output a cell shows, e.g. 1MB or 200KB.</summary>
    [Option("How much output a cell shows before cutting to a log file, e.g. 1MB")]
    public string? OutputCap { get; set; }

    /// <summary>--session: carry state between cells (on/off).</summary>
    [Option("on: carry state between cells; off: start each cell empty", Choices = ["on", "off"])]
    public string? Session { get; set; }

    /// <summary>--figure-format: png or svg for matplotlib figures.</summary>
    [Option("matplotlib figures as png or svg", Choices = ["png", "svg"])]
    public string? FigureFormat { get; set; }

    /// <summary>--budget: this notebook session's spending limit in credits ("none" lifts it).</summary>
    [Option("This notebook session's spending limit in credits (none: no limit); runs whose worst case exceeds what is left are refused")]
    public string? Budget { get; set; }

    internal override async Task RunAsync(SubcommandContext lyceum)
    {
        var kernel = lyceum.FindKernel(Kernel);
        var settings = kernel.Settings;
        var connection = lyceum.Connection;
        if (Machine is { } machine)
        {
            var machines = await connection.MachinesAsync().ConfigureAwait(false);
            if (machines.Count > 0 && !machines.Contains(machine, StringComparer.Ordinal))
                throw new LyceumCommandException($"--machine {machine} is not available to this account. Available: {string.Join(", ", machines)}.");
            settings.Machine = machine;
        }
        if (Timeout is { } timeout)
            settings.Timeout = LyceumCommands.ParseTimeout(timeout);
        if (RequirementsFile is { } file)
        {
            if (file is "none" or "")
            {
                settings.RequirementsFile = null;
            }
            else
            {
                var full = Path.GetFullPath(file);
                _ = CellSyntax.ReadRequirementsFile(full, Directory.GetCurrentDirectory(), "--requirements-file").ToList();
                settings.RequirementsFile = full;
            }
        }
        if (OutputCap is { } cap)
            settings.OutputCapBytes = LyceumCommands.ParseSize(cap, "--output-cap");
        if (Session is { } session)
        {
            settings.Session = LyceumCommands.ParseSwitch(session, "--session");
        }
        if (FigureFormat is { } format)
        {
            settings.FigureFormat = format.ToLowerInvariant() switch
            {
                "png" => Prelude.FigureFormat.Png,
                "svg" => Prelude.FigureFormat.Svg,
                _ => throw new LyceumCommandException($"--figure-format {format}: give png or svg."),
            };
        }
        if (Budget is { } budget)
            connection.Budget.Set(budget.Trim() is "none" or "off" or "" ? null : CreditText.Parse(budget, "--budget"));
        lyceum.Output.Show(new ConfigView(kernel.Name,
        [
            new("machine", settings.Machine),
            new("timeout", LyceumKernel.Describe(settings.Timeout)),
            new("requirements file", settings.RequirementsFile ?? "none"),
            new("output cap", LyceumHtml.Size(settings.OutputCapBytes)),
            new("session", settings.Session ? "on" : "off"),
            new("figure format", settings.FigureFormat.ToString().ToLower(CultureInfo.InvariantCulture)),
            new("session budget", connection.Budget.Describe()),
        ]));
    }
}
