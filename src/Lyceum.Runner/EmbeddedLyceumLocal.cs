using Lyceum.Local;

namespace Lyceum.Runner;

/// <summary>Lyceum Local in this process, on a free loopback port with a temporary data folder deleted at the end.</summary>
internal sealed class EmbeddedLyceumLocal(string? python, string? pipArgs) : ILyceumServiceLauncher
{
    /// <summary>The wheels that ship with the runner (the quick start's demo package), beside its DLL.</summary>
    public static string BundledWheels => Path.Combine(AppContext.BaseDirectory, "wheels");

    /// <summary>
    /// Offline requirements where the notebook's packages are at hand:
    /// <list type="bullet">
    /// <item>the notebook's folder has a wheels/ folder (as notebooks/ does): <c>--no-index --find-links DIR/wheels</c>;</item>
    /// <item>else every <c>#!requirements</c> package is one of the <paramref name="bundledWheels"/> (the quick start's
    /// <c>lyceum-hello</c>): <c>--no-index --find-links BUNDLED</c>, so the notebook runs with no package index at all;</item>
    /// <item>else the bundled wheels as well as the index: <c>--find-links BUNDLED</c>;</item>
    /// <item>with no wheels anywhere, plain pip (null).</item>
    /// </list>
    /// </summary>
    public static string? DefaultPipArgs(string notebookPath, IEnumerable<string> cells, string bundledWheels)
    {
        var wheels = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(notebookPath))!, "wheels");
        if (Directory.Exists(wheels))
        {
            return $"--no-index --find-links \"{wheels}\"";
        }

        var bundled = NotebookRequirements.WheelNames(bundledWheels);
        if (bundled.Count == 0)
        {
            return null;
        }

        var needed = NotebookRequirements.Names(cells);
        return needed is not null && needed.IsSubsetOf(bundled)
            ? $"--no-index --find-links \"{bundledWheels}\""
            : $"--find-links \"{bundledWheels}\"";
    }

    public async Task<LyceumEndpoint> StartAsync(Action<string> log, CancellationToken cancellationToken = default)
    {
        var options = new LyceumLocalOptions { PipArgs = pipArgs, Log = log };
        if (python is not null)
        {
            options.Python = python;
        }

        LyceumLocalServer server;
        try
        {
            server = await LyceumLocalServer.StartAsync(options, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new RunnerSetupException(
                $"Could not start the embedded Lyceum Local: {e.Message} Pass --url URL --api-key KEY to use another Lyceum service.", e);
        }

        return new LyceumEndpoint(server.BaseUrl.ToString(), server.ApiKey, server);
    }
}
