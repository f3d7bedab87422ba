using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Lyceum.Runner.Tests;

/// <summary>Small notebooks written to a fresh temporary folder per test.</summary>
internal sealed class TestNotebooks : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("lyceum-runner-test-").FullName;

    /// <summary>The repository this test project lives in.</summary>
    public static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Runner.RepositoryRoot.FindAbove(Path.GetDirectoryName(thisFile)!)
        ?? throw new InvalidOperationException("The tests must be built from inside the repository.");

    /// <summary>Writes an .ipynb whose code cells carry polyglot kernel metadata and the given tags.</summary>
    public string Ipynb(string name, params (string Kernel, string Code, string[] Tags)[] cells)
    {
        var array = new JsonArray();
        foreach (var (kernel, code, tags) in cells)
        {
            var metadata = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = kernel } };
            if (tags.Length > 0)
            {
                metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode)t!).ToArray());
            }

            array.Add(kernel == "markdown"
                ? new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = code }
                : new JsonObject
                {
                    ["cell_type"] = "code", ["execution_count"] = null, ["metadata"] = metadata,
                    ["outputs"] = new JsonArray(), ["source"] = code,
                });
        }

        var notebook = new JsonObject
        {
            ["cells"] = array,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 4,
        };
        return Write(name, notebook.ToJsonString());
    }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
