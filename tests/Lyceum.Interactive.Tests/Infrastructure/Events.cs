using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests.Infrastructure;

/// <summary>Assertions and lookups over a command's events.</summary>
public static class Events
{
    public static void Succeeded(this KernelCommandResult result)
    {
        var failed = result.Events.OfType<CommandFailed>().FirstOrDefault();
        Assert.True(failed is null, $"The command failed: {failed?.Message}\n{string.Join("\n", result.Events.Select(Describe))}");
        Assert.IsType<CommandSucceeded>(result.Events[^1]);
    }

    public static CommandFailed Failed(this KernelCommandResult result)
    {
        var failed = Assert.IsType<CommandFailed>(result.Events[^1]);
        return failed;
    }

    /// <summary>Every formatted value of every event of one MIME type, in order.</summary>
    public static IReadOnlyList<string> Formatted(this KernelCommandResult result, string mimeType) =>
        result.Events.SelectMany(FormattedValues).Where(f => f.MimeType == mimeType).Select(f => f.Value).ToList();

    /// <summary>The HTML of the one display a command produced.</summary>
    public static string Html(this KernelCommandResult result) =>
        Assert.Single(result.Events.OfType<DisplayedValueProduced>().SelectMany(e => e.FormattedValues), f => f.MimeType == "text/html").Value;

    /// <summary>All stdout text, in order.</summary>
    public static string Stdout(this KernelCommandResult result) =>
        string.Concat(result.Events.OfType<StandardOutputValueProduced>().SelectMany(e => e.FormattedValues).Select(f => f.Value));

    /// <summary>All stderr text, in order.</summary>
    public static string Stderr(this KernelCommandResult result) =>
        string.Concat(result.Events.OfType<StandardErrorValueProduced>().SelectMany(e => e.FormattedValues).Select(f => f.Value));

    /// <summary>Every string any event shows or carries as a message: what a user (or a log) could see.</summary>
    public static IEnumerable<string> Visible(this KernelCommandResult result) =>
        result.Events.SelectMany(FormattedValues).Select(f => f.Value)
            .Concat(result.Events.OfType<CommandFailed>().Select(f => f.Message))
            .Concat(result.Events.OfType<ErrorProduced>().Select(f => f.Message));

    public static IEnumerable<FormattedValue> FormattedValues(KernelEvent e) => e switch
    {
        DisplayEvent display => display.FormattedValues,
        _ => [],
    };

    private static string Describe(KernelEvent e) => e switch
    {
        CommandFailed f => $"CommandFailed: {f.Message}",
        DisplayEvent d => $"{e.GetType().Name}: {string.Join(" | ", d.FormattedValues.Where(f => f.MimeType == "text/plain").Select(f => f.Value))}",
        _ => e.GetType().Name,
    };
}
