using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Lyceum.Client.Diagnostics;

/// <summary>The <c>User-Agent</c> every request carries: <c>[APP_ID ]Lyceum.Client/VERSION (.NET VERSION; OS)</c>,
/// as the Azure SDK guidelines shape it, so the service can tell SDK versions and applications apart.</summary>
internal static partial class UserAgent
{
    /// <summary>The header value for a client with the optional <paramref name="applicationId"/>.</summary>
    public static string For(string? applicationId)
    {
        var os = Unsafe().Replace(RuntimeInformation.OSDescription, "").Trim();
        var sdk = $"Lyceum.Client/{LyceumInstruments.Version} ({RuntimeInformation.FrameworkDescription}; {os})";
        return applicationId is null ? sdk : $"{applicationId} {sdk}";
    }

    /// <summary>Checks <see cref="LyceumClientOptions.ApplicationId"/>: one token a server log can show as it is.</summary>
    /// <exception cref="LyceumConfigurationException">It has spaces, odd characters, or is over 64 characters.</exception>
    public static void Validate(string? applicationId)
    {
        if (applicationId is not null && !Token().IsMatch(applicationId))
        {
            throw new LyceumConfigurationException(
                $"ApplicationId '{applicationId}' cannot go in the User-Agent: use 1-64 letters, digits and . _ - / + " +
                "without spaces, e.g. \"my-notebook-tool/1.2\".");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._/+\-]{1,64}$")]
    private static partial Regex Token();

    // Parentheses would end the comment early; control characters are not allowed in a header.
    [GeneratedRegex(@"[()\p{C}]")]
    private static partial Regex Unsafe();
}
