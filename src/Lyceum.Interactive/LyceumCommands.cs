using System.Globalization;
using System.Text.RegularExpressions;
using Lyceum.Client;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.DotNet.Interactive.Events;

namespace Lyceum.Interactive;

/// <summary>What every Lyceum command handler shares: failures in the service's words, value parsing, completions.</summary>
internal static partial class LyceumCommands
{
    /// <summary>Runs a handler; failures the user can act on end the command with their message (no stack trace).</summary>
    public static async Task Guard(KernelCommand command, KernelInvocationContext context, Func<Task> action)
    {
        string message;
        try
        {
            await action().ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (Describe(e) is { } sentence)
        {
            message = sentence;
        }
        context.Fail(command, message: message);
    }

    /// <summary>The one sentence a failure the user can act on is said with; null for anything else (a bug).</summary>
    /// <param name="error">The failure.</param>
    /// <param name="values">What the user gave each option, to quote a refused one back (<c>--machine gpu.x9000</c>).</param>
    public static string? Describe(Exception error, IReadOnlyDictionary<string, string?>? values = null) => error switch
    {
        LyceumTimeoutException or TaskCanceledException => "Lyceum did not answer in time; try again, or check #!lyceum status.",
        LyceumTransportException e => $"Could not reach Lyceum: {Sentence(e.InnerException?.Message ?? e.Message)} Check the URL (#!lyceum status) and your network.",
        LyceumApiException e => ServiceWords.Say(e, values),
        // These messages are written for the user (the service's words, or what to do); no stack trace.
        LyceumCommandException or LyceumException or ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException => error.Message,
        _ => null,
    };

    /// <summary>Text ending in exactly one full stop (or its own ? or !), so a hint can follow it.</summary>
    public static string Sentence(string? text)
    {
        var trimmed = (text ?? "").TrimEnd().TrimEnd('.');
        return trimmed.Length == 0 ? "" : trimmed.EndsWith('?') || trimmed.EndsWith('!') ? trimmed : trimmed + ".";
    }

    /// <summary>A run time limit, checked against the service's 1–600 s.</summary>
    public static int ParseTimeout(int seconds) => seconds is >= 1 and <= 600
        ? seconds
        : throw new LyceumCommandException($"--timeout {seconds} is out of range: give seconds from 1 to 600.");

    /// <summary>A run time limit given as text (a cell's <c>--timeout</c>).</summary>
    public static int ParseTimeout(string text) =>
        int.TryParse(text.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? ParseTimeout(seconds)
            : throw new LyceumCommandException($"--timeout '{text}' is not a number of seconds: give 1 to 600.");

    /// <summary>An on/off setting given as text: on, true or yes turn it on; off, false or no turn it off (any case).</summary>
    /// <exception cref="LyceumCommandException">Anything else.</exception>
    public static bool ParseSwitch(string text, string option) => text.Trim().Trim('"').ToLowerInvariant() switch
    {
        "on" or "true" or "yes" => true,
        "off" or "false" or "no" => false,
        _ => throw new LyceumCommandException($"{option} {text}: give on or off, e.g. {option} off."),
    };

    /// <summary>A whole number given as text; <paramref name="range"/> says what to give instead.</summary>
    public static int ParseWhole(string text, string option, string range) =>
        int.TryParse(text.Trim().Trim('"'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new LyceumCommandException($"{option} '{text}' is not a whole number: give {range}.");

    /// <summary>A size like 1MB, 512KB, 2000000 (bytes).</summary>
    public static long ParseSize(string text, string option)
    {
        var match = SizePattern().Match(text.Trim());
        if (!match.Success)
            throw new LyceumCommandException($"{option} '{text}' is not a size: give bytes or a number with KB, MB or GB, e.g. 1MB.");
        var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups[2].Value.ToUpperInvariant() switch
        {
            "K" or "KB" => 1024d,
            "M" or "MB" => 1024d * 1024,
            "G" or "GB" => 1024d * 1024 * 1024,
            _ => 1d,
        };
        var bytes = (long)(number * unit);
        return bytes >= 1024 ? bytes : throw new LyceumCommandException($"{option} '{text}' is too small: give at least 1KB.");
    }

    /// <summary>A <c>--machine</c> parameter whose completions are the account's machine types (asked once per login).</summary>
    public static KernelDirectiveParameter MachineParameter(LyceumConnection connection, string description) =>
        new KernelDirectiveParameter("--machine", description).AddCompletions(Complete(connection.MachinesAsync));

    /// <summary>Completions of an option's value from a list asked for when the user asks to complete.</summary>
    public static Func<KernelDirectiveCompletionContext, Task> Complete(Func<Task<IReadOnlyList<string>>> values) =>
        async completion =>
        {
            foreach (var value in await values().ConfigureAwait(false))
                completion.CompletionItems.Add(new CompletionItem(value, "Value"));
        };

    [GeneratedRegex("^([0-9]+(?:\\.[0-9]+)?)\\s*([KMG]B?|B)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();
}
