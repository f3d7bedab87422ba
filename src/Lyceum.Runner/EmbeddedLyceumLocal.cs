using Lyceum.Local;

namespace Lyceum.Runner;

/// <summary>Lyceum Local in this process, on a free loopback port with a temporary data folder deleted at the end.</summary>
internal sealed class EmbeddedLyceumLocal(string? python, string? pipArgs) : ILyceumServiceLauncher
{
    /// <summary>
    /// Offline requirements for a notebook that ships its wheels: <c>--no-index --find-links DIR/wheels</c> when the
    /// notebook's folder has a wheels/ folder (as notebooks/ does for the quick start's demo package), else none.
    /// </summary>
    public static string? DefaultPipArgs(string notebookPath)
    {
        var wheels = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(notebookPath))!, "wheels");
        return Directory.Exists(wheels) ? $"--no-index --find-links \"{wheels}\"" : null;
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
