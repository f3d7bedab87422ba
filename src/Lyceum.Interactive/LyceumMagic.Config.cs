using System.Globalization;
using Lyceum.Interactive.Commands;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Prelude;
using Lyceum.Interactive.Remote;
using Microsoft.DotNet.Interactive;

namespace Lyceum.Interactive;

/// <summary>config, reset.</summary>
internal sealed partial class LyceumMagic
{
    private async Task ConfigAsync(LyceumConfig command, KernelInvocationContext context)
    {
        var kernel = FindKernel(command.Kernel);
        var settings = kernel.Settings;
        if (command.Machine is { } machine)
        {
            var machines = await _connection.MachinesAsync().ConfigureAwait(false);
            if (machines.Count > 0 && !machines.Contains(machine, StringComparer.Ordinal))
                throw new LyceumCommandException($"--machine {machine} is not available to this account. Available: {string.Join(", ", machines)}.");
            settings.Machine = machine;
        }
        if (command.Timeout is { } timeout)
            settings.Timeout = LyceumCommands.ParseTimeout(timeout);
        if (command.RequirementsFile is { } file)
        {
            if (file is "none" or "")
            {
                settings.RequirementsFile = null;
            }
            else
            {
                var full = Path.GetFullPath(file);
                _ = Remote.CellSyntax.ReadRequirementsFile(full, Directory.GetCurrentDirectory(), "--requirements-file").ToList();
                settings.RequirementsFile = full;
            }
        }
        if (command.OutputCap is { } cap)
            settings.OutputCapBytes = LyceumCommands.ParseSize(cap, "--output-cap");
        if (command.Session is { } session)
        {
            settings.Session = session.ToLowerInvariant() switch
            {
                "on" or "true" or "yes" => true,
                "off" or "false" or "no" => false,
                _ => throw new LyceumCommandException($"--session {session}: give on or off."),
            };
        }
        if (command.FigureFormat is { } format)
        {
            settings.FigureFormat = format.ToLowerInvariant() switch
            {
                "png" => FigureFormat.Png,
                "svg" => FigureFormat.Svg,
                _ => throw new LyceumCommandException($"--figure-format {format}: give png or svg."),
            };
        }
        if (command.Budget is { } budget)
            _connection.Budget.Set(budget.Trim() is "none" or "off" or "" ? null : Budgets.CreditText.Parse(budget, "--budget"));
        LyceumCommands.Show(context, new ConfigView(kernel.Name,
        [
            new("machine", settings.Machine),
            new("timeout", LyceumKernel.Describe(settings.Timeout)),
            new("requirements file", settings.RequirementsFile ?? "none"),
            new("output cap", LyceumHtml.Size(settings.OutputCapBytes)),
            new("session", settings.Session ? "on" : "off"),
            new("figure format", settings.FigureFormat.ToString().ToLower(CultureInfo.InvariantCulture)),
            new("session budget", _connection.Budget.Describe()),
        ]));
    }

    private Task ResetAsync(LyceumReset command, KernelInvocationContext context)
    {
        var kernel = FindKernel(command.Kernel);
        kernel.Settings.Reset();
        LyceumCommands.Show(context, new NoticeView($"#!{kernel.Name} forgot its session state, shared values and variables.",
            "The next cell starts empty."));
        return Task.CompletedTask;
    }
}
