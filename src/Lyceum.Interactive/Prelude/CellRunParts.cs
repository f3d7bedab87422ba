using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Lyceum.Interactive.Prelude;

/// <summary>What a run request needs for one cell: its <c>code</c> and its <c>import_files</c>.</summary>
/// <param name="Code">The bootstrap that becomes the run's <c>code</c>.</param>
/// <param name="ImportFiles">Run-folder relative path → file content (the prelude, the cell, its inputs).</param>
internal sealed record CellRunParts(string Code, IReadOnlyDictionary<string, string> ImportFiles)
{
    /// <summary>The import files as the JSON string the API's <c>import_files</c> field takes.</summary>
    public string ImportFilesJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (path, content) in ImportFiles)
            {
                writer.WriteString(path, content);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
