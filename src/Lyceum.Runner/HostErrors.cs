using System.Text.RegularExpressions;

namespace Lyceum.Runner;

/// <summary>
/// Puts the host's error texts in the user's words: the parser's position-and-code prefix
/// (<c>(1,27): error DNI202: </c>) goes, since the cell has one line of directives and the code means nothing to a
/// reader, and a prompt nobody could answer becomes one sentence instead of the host's stack trace.
/// </summary>
internal static partial class HostErrors
{
    /// <summary>The error text without the host's diagnostic prefixes, trimmed.</summary>
    public static string Clean(string message)
    {
        if (message.Contains("NoSuitableKernelException", StringComparison.Ordinal) && message.Contains("RequestInput", StringComparison.Ordinal))
        {
            // A host without a frontend to ask: the same sentence the runner answers prompts with.
            return HostRequests.CannotAsk;
        }

        return DiagnosticPrefix().Replace(message, "").Trim();
    }

    [GeneratedRegex(@"^\(\d+,\d+\): error DNI\d+: ", RegexOptions.Multiline)]
    private static partial Regex DiagnosticPrefix();
}
