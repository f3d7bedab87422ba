namespace Lyceum.Client;

/// <summary>How <see cref="ExecutionsClient.MapAsync(IReadOnlyList{PythonRunRequest}, MapOptions?, CancellationToken)"/> runs many requests.</summary>
public sealed record MapOptions
{
    /// <summary>The number of runs a map keeps live at once when none is given.</summary>
    public const int DefaultMaxParallelism = 4;

    /// <summary>At most this many runs are live at once; the others start as earlier ones end. Default <see cref="DefaultMaxParallelism"/>.</summary>
    public int MaxParallelism { get; init; } = DefaultMaxParallelism;

    /// <summary>When true, the first run that does not complete successfully aborts the live runs and the rest never start.</summary>
    public bool FailFast { get; init; }

    /// <summary>How each run's stream is read and resumed.</summary>
    public StreamOptions? Stream { get; init; }
}
