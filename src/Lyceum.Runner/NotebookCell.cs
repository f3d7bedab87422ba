using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;

namespace Lyceum.Runner;

/// <summary>One cell as the runner sees it: its place, its kernel, the code to submit and whether it should fail.</summary>
internal sealed partial record NotebookCell(
    int Number,
    int Total,
    InteractiveDocumentElement Element,
    string Kernel,
    string Code,
    bool ExpectsError)
{
    /// <summary>Markdown and empty cells are kept in the output but not sent to the host.</summary>
    public bool IsRunnable =>
        !string.Equals(Kernel, "markdown", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(Code);

    /// <summary>
    /// The first non-blank line, shortened, to name the cell in progress lines and errors; a bare kernel selector
    /// such as <c>#!lyceum-python</c> or a tag comment says less than the code under it, so it is passed over.
    /// </summary>
    public string FirstLine
    {
        get
        {
            var lines = (Element.Contents ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            var line = lines.FirstOrDefault(l => !KernelSelector().IsMatch(l) && !CellTags.IsTagComment(l)) ?? lines.FirstOrDefault() ?? "";
            return line.Length > 60 ? line[..57] + "..." : line;
        }
    }

    /// <summary>The notebook's cells, with Lyceum package references pointed at <paramref name="feed"/> when there is one.</summary>
    public static IReadOnlyList<NotebookCell> Plan(InteractiveDocument document, string defaultKernel, ExtensionFeed? feed)
    {
        var elements = document.Elements;
        return elements
            .Select((element, i) =>
            {
                var code = element.Contents ?? "";
                if (feed is not null)
                {
                    code = LyceumPackageReference.Rewrite(code, feed.Directory, feed.Version);
                }

                var kernel = string.IsNullOrEmpty(element.KernelName) ? defaultKernel : element.KernelName;
                return new NotebookCell(i + 1, elements.Count, element, kernel, code, CellTags.ExpectsError(element));
            })
            .ToList();
    }

    [GeneratedRegex(@"^#![\w.-]+$")]
    private static partial Regex KernelSelector();
}
