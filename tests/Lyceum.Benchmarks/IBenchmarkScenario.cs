namespace Lyceum.Benchmarks;

/// <summary>One named benchmark; prints its results as <c>BENCH name key=value …</c> lines.</summary>
internal interface IBenchmarkScenario
{
    /// <summary>The name given on the command line.</summary>
    string Name { get; }

    /// <summary>What it measures, for the usage text.</summary>
    string Description { get; }

    /// <summary>Runs the scenario and returns the key=value pairs to print.</summary>
    Task<IReadOnlyList<KeyValuePair<string, string>>> RunAsync(CancellationToken cancellationToken);
}
