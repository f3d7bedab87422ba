using System.Collections;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;

namespace Lyceum.Runner;

/// <summary>
/// A cell's tags: Jupyter's <c>metadata.tags</c> in .ipynb, or a first-line comment <c>// tags: a, b</c>
/// (<c># tags: …</c> in Python/PowerShell) for .dib files, which keep no cell metadata.
/// </summary>
internal static partial class CellTags
{
    /// <summary>The Jupyter convention (nbclient honours it too): the cell is expected to fail.</summary>
    public const string RaisesException = "raises-exception";

    public static IReadOnlySet<string> Of(InteractiveDocumentElement cell)
    {
        var tags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (cell.Metadata is { } metadata && metadata.TryGetValue("tags", out var value))
        {
            AddFrom(value, tags);
        }

        var firstLine = (cell.Contents ?? "").Split('\n', 2)[0];
        if (CommentTags().Match(firstLine) is { Success: true } m)
        {
            foreach (var tag in m.Groups["tags"].Value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                tags.Add(tag);
            }
        }

        return tags;
    }

    public static bool ExpectsError(InteractiveDocumentElement cell) => Of(cell).Contains(RaisesException);

    /// <summary>Whether a line is a tag comment, which says nothing about what the cell does.</summary>
    public static bool IsTagComment(string line) => CommentTags().IsMatch(line);

    /// <summary>
    /// Copies comment tags into <c>metadata.tags</c>, so the executed .ipynb of a .dib keeps them where
    /// Jupyter (and the next run) look.
    /// </summary>
    public static void StoreInMetadata(InteractiveDocumentElement cell)
    {
        var tags = Of(cell);
        if (tags.Count > 0)
        {
            cell.Metadata ??= new Dictionary<string, object>();
            cell.Metadata["tags"] = tags.Order(StringComparer.Ordinal).ToArray();
        }
    }

    private static void AddFrom(object? value, HashSet<string> tags)
    {
        switch (value)
        {
            case string s:
                tags.Add(s);
                break;
            case JsonElement { ValueKind: JsonValueKind.Array } array:
                foreach (var item in array.EnumerateArray())
                {
                    AddFrom(item, tags);
                }

                break;
            case JsonElement { ValueKind: JsonValueKind.String } text:
                tags.Add(text.GetString()!);
                break;
            case IEnumerable items:
                foreach (var item in items)
                {
                    AddFrom(item, tags);
                }

                break;
        }
    }

    [GeneratedRegex(@"^\s*(?://|#)\s*tags:\s*(?<tags>.+?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CommentTags();
}
