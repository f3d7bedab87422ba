using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace Lyceum.Runner;

/// <summary>Reads a .ipynb or .dib notebook and writes the executed copy as .ipynb (the format that keeps outputs).</summary>
internal sealed partial class NotebookFile
{
    private NotebookFile(string path, InteractiveDocument document, KernelInfoCollection kernels)
    {
        Path = path;
        Document = document;
        Kernels = kernels;
    }

    public string Path { get; }

    public InteractiveDocument Document { get; }

    public KernelInfoCollection Kernels { get; }

    /// <summary>Where the executed notebook goes unless --out says otherwise: NAME.out.ipynb beside the input.</summary>
    public static string DefaultOutputPath(string notebookPath) =>
        System.IO.Path.Combine(
            System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(notebookPath))!,
            System.IO.Path.GetFileNameWithoutExtension(notebookPath) + ".out.ipynb");

    public static NotebookFile Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new RunnerUsageException($"Notebook '{full}' does not exist.");
        }

        var text = File.ReadAllText(full);
        var kernels = KnownKernels(text);
        try
        {
            var document = System.IO.Path.GetExtension(full).ToLowerInvariant() switch
            {
                ".ipynb" => Notebook.Parse(text, kernels),
                ".dib" => CodeSubmission.Parse(text, kernels),
                var other => throw new RunnerUsageException(
                    $"'{full}' is a {other} file; the runner reads .ipynb and .dib notebooks."),
            };
            return new NotebookFile(full, document, kernels);
        }
        catch (Exception e) when (e is not RunnerUsageException)
        {
            throw new RunnerUsageException($"Could not read notebook '{full}': {e.Message}");
        }
    }

    public void Write(string outputPath)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(outputPath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        using var buffer = new MemoryStream();
        Notebook.Write(Document, buffer, Kernels);
        var notebook = JsonNode.Parse(buffer.ToArray())!;

        // Write adds the runner's whole kernel list as a top-level "kernelInfo"; the notebook's own
        // polyglot_notebook metadata already says which kernels it uses.
        (notebook["metadata"] as JsonObject)?.Remove("kernelInfo");

        using var file = File.Create(outputPath);
        using (var writer = new Utf8JsonWriter(
            file, new JsonWriterOptions { Indented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            notebook.WriteTo(writer);
        }

        file.Write("\n"u8);
    }

    /// <summary>
    /// The host's kernels, the Lyceum extension's, and any named by <c>#!connect … --kernel-name NAME</c> in the
    /// notebook itself, so .dib cell headers such as <c>#!gpu</c> split cells as they do in the editor.
    /// </summary>
    internal static KernelInfoCollection KnownKernels(string notebookText)
    {
        var kernels = new KernelInfoCollection
        {
            new("csharp", "C#", ["c#", "C#", "cs"]),
            new("fsharp", "F#", ["f#", "F#", "fs"]),
            new("pwsh", "PowerShell", ["powershell"]),
            new("javascript", "JavaScript", ["js"]),
            new("html", "HTML"),
            new("mermaid", "Mermaid"),
            new("http", "HTTP"),
            new("sql", "SQL"),
            new("kql", "KQL"),
            new("value"),
            new("markdown", "Markdown", ["md"]),
            new("lyceum-python", "Python"),
        };
        foreach (Match m in ConnectedKernelName().Matches(notebookText))
        {
            var name = m.Groups["name"].Value;
            if (!kernels.Contains(name))
            {
                kernels.Add(new KernelInfo(name));
            }
        }

        kernels.DefaultKernelName = "csharp";
        return kernels;
    }

    [GeneratedRegex("""#!connect\b[^\r\n"]*?--kernel-name[ \t]+(?<name>[A-Za-z0-9_.-]+)""")]
    private static partial Regex ConnectedKernelName();
}
