namespace Lyceum.Client;

/// <summary>A Python run: the code and the machine to run it on.</summary>
/// <param name="Code">The Python source to run.</param>
public sealed record PythonRunRequest(string Code)
{
    /// <summary>The machine type, e.g. <c>cpu</c>, <c>gpu</c>, <c>gpu.a100</c>. Default <c>cpu</c>.</summary>
    public string ExecutionType { get; init; } = "cpu";

    /// <summary>The run's time limit in seconds (the service allows 1–600, default 60).</summary>
    public int? Timeout { get; init; }

    /// <summary>pip requirements text to install before the run.</summary>
    public string? RequirementsContent { get; init; }

    /// <summary>Import lines to prepend to the code.</summary>
    public IReadOnlyList<string>? PriorImports { get; init; }

    /// <summary>Extra source files (relative path → content) placed beside the code.</summary>
    public IReadOnlyDictionary<string, string>? ImportFiles { get; init; }

    /// <summary>A name for the run, shown in history and workloads.</summary>
    public string? FileName { get; init; }

    /// <summary>0 for plain code, 1 for notebook code.</summary>
    public int NbCode { get; init; }
}
