using System.Text.RegularExpressions;

namespace Lyceum.Runner;

/// <summary>
/// Finds a notebook's <c>#r "nuget:Lyceum.Interactive[,version]"</c> (or Lyceum.Client) lines and points them at
/// the freshly packed local feed and version, leaving every other line as the author wrote it.
/// </summary>
internal static partial class LyceumPackageReference
{
    /// <summary>Whether the code loads a Lyceum package, which means the run needs the packed feed and a service.</summary>
    public static bool IsReferencedBy(string code) => ReferenceLine().IsMatch(code);

    /// <summary>The code with each Lyceum <c>#r</c> line replaced by a <c>#i</c> of the feed plus a pinned <c>#r</c>.</summary>
    public static string Rewrite(string code, string feedDirectory, string version) =>
        ReferenceLine().Replace(
            code,
            m => $"{m.Groups["indent"].Value}#i \"nuget:{feedDirectory}\"\n" +
                 $"{m.Groups["indent"].Value}#r \"nuget:{m.Groups["id"].Value},{version}\"");

    // Package ids are case-insensitive in NuGet; the version part (",1.2.3", ",*-*", or none) is dropped.
    [GeneratedRegex("""^(?<indent>[ \t]*)#r[ \t]+"nuget:[ \t]*(?<id>Lyceum\.(?:Interactive|Client))[ \t]*(?:,[^"\r\n]*)?"[ \t]*(?=\r?$)""",
        RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceLine();
}
