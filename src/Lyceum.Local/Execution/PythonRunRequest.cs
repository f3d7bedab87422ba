namespace Lyceum.Local.Execution;

/// <summary>A validated Python run.</summary>
internal sealed record PythonRunRequest(
    string Code, string FileName, string? Requirements, IReadOnlyList<string> PriorImports,
    IReadOnlyDictionary<string, string> ImportFiles, bool NotebookCode);
