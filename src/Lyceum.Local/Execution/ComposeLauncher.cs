using System.Text;

namespace Lyceum.Local.Execution;

/// <summary>
/// Runs a compose file with podman-compose: <c>up -d</c> (its own chatter kept out of the run's output), then each
/// service's output followed live with <c>podman logs -f</c> until every container stopped; the run's exit code is the
/// first non-zero one. Whatever happens, the project's containers and networks are removed afterwards (found by the
/// project label, so a half-started project is cleaned up too).
/// </summary>
internal sealed class ComposeLauncher(ContainerRuntime runtime, string storageFolder, ComposeRunRequest request) : IRunLauncher
{
    /// <summary>The label podman-compose puts on a project's containers and networks.</summary>
    public const string ProjectLabel = "io.podman.compose.project";
    private static readonly TimeSpan HelperTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The compose project of a run (also what a restarted server removes after a crash).</summary>
    public static string ProjectName(string executionId) => "lyceum-" + executionId;

    public async Task<int> RunAsync(LiveRun run, CancellationToken cancellationToken = default)
    {
        var options = runtime.Options ?? throw new InvalidOperationException("No container runtime is configured.");
        var compose = runtime.ComposeCli ?? throw new InvalidOperationException("podman-compose was not found.");
        Directory.CreateDirectory(run.WorkDirectory);
        var file = Path.Combine(run.WorkDirectory, request.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, request.ComposeFile, new UTF8Encoding(false), cancellationToken);
        var project = ProjectName(run.Record.Id);
        try
        {
            await UpAsync(run, options, compose, project, file, cancellationToken);
            var containers = await ContainersAsync(options, project);
            if (containers.Count == 0)
                throw new RunFailedException("The compose file started no container; check that it defines services.", 1);
            // With one service the output reads as an image run's; with several each line says whose it is.
            var prefixed = containers.Count > 1;
            await Task.WhenAll(containers.Select(c => FollowAsync(run, options, c.Name, prefixed ? $"{c.Service} | " : null, cancellationToken)));
            var (code, codes) = await ProcessRunner.CaptureAsync(options.Cli, [.. options.GlobalArguments, "wait", .. containers.Select(c => c.Name)],
                runtime.Environment(), HelperTimeout);
            if (code != 0)
                throw new InvalidOperationException($"podman wait failed: {codes.Trim()}");
            return codes.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => int.TryParse(c, out var exit) ? exit : -1).FirstOrDefault(c => c != 0);
        }
        finally
        {
            await runtime.RemoveComposeProjectAsync(project);
        }
    }

    private async Task UpAsync(LiveRun run, ContainerRuntimeOptions options, string compose, string project, string file, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "--podman-path", options.Cli };
        foreach (var argument in options.GlobalArguments)
            arguments.Add("--podman-args=" + Quote(argument));
        // Compose wires its own networks, which --network/--net from the image runs' arguments would contradict.
        foreach (var argument in RunArgumentsWithoutNetwork(options.RunArguments))
            arguments.Add("--podman-run-args=" + Quote(argument));
        if (request.MountStorage)
        {
            Directory.CreateDirectory(storageFolder);
            arguments.Add("--podman-run-args=" + Quote("-v") + " " + Quote($"{storageFolder}:/mnt/s3"));
        }
        arguments.AddRange(["-p", project, "-f", file, "up", "-d"]);
        var output = new StringBuilder();
        // As a run process: a server killed during `up` takes it along, so it cannot create containers after recovery
        // removed the project. The containers' monitors (conmon) start sessions of their own and are not in its group.
        var code = await ProcessRunner.RunAsync(compose, arguments, run.WorkDirectory, runtime.Environment(run.Record.Id),
            (_, text) => { lock (output) output.Append(text); }, cancellationToken, run.Isolation);
        // podman-compose 1.0 exits 0 even when a container could not be made; podman's own "Error:" lines tell.
        var errors = output.ToString().Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("Error:", StringComparison.Ordinal)).Distinct().ToList();
        if (code != 0 || errors.Count > 0)
        {
            var reason = errors.Count > 0 ? string.Join("\n", errors.TakeLast(5)) : string.Join("\n", output.ToString().TrimEnd().Split('\n').TakeLast(5));
            run.Write("stderr", reason + "\n");
            throw new RunFailedException($"The compose project did not start: {reason}", code != 0 ? code : 1);
        }
    }

    private async Task<List<(string Name, string Service)>> ContainersAsync(ContainerRuntimeOptions options, string project)
    {
        var (code, output) = await ProcessRunner.CaptureAsync(options.Cli,
            [.. options.GlobalArguments, "ps", "-a", "--filter", $"label={ProjectLabel}={project}", "--format", "{{.Names}}\t{{index .Labels \"com.docker.compose.service\"}}"],
            runtime.Environment(), HelperTimeout);
        if (code != 0)
            throw new InvalidOperationException($"podman ps failed: {output.Trim()}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Select(parts => (parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : parts[0]))
            .OrderBy(c => c.Item2, StringComparer.Ordinal)
            .ToList();
    }

    private Task<int> FollowAsync(LiveRun run, ContainerRuntimeOptions options, string container, string? prefix, CancellationToken cancellationToken)
    {
        var prefixers = prefix is null ? null : new Dictionary<string, LinePrefixer> { ["stdout"] = new(prefix), ["stderr"] = new(prefix) };
        return ProcessRunner.RunAsync(options.Cli, [.. options.GlobalArguments, "logs", "-f", container], run.WorkDirectory, runtime.Environment(run.Record.Id),
            (stream, text) =>
            {
                if (prefixers is null)
                {
                    run.Write(stream, text);
                    return;
                }
                lock (prefixers)
                    run.Write(stream, prefixers[stream].Apply(text));
            },
            cancellationToken, run.Isolation);
    }

    private static IEnumerable<string> RunArgumentsWithoutNetwork(IEnumerable<string> arguments)
    {
        var skipValue = false;
        foreach (var argument in arguments)
        {
            if (skipValue)
            {
                skipValue = false;
                continue;
            }
            if (argument is "--network" or "--net")
            {
                skipValue = true;
                continue;
            }
            if (argument.StartsWith("--network=", StringComparison.Ordinal) || argument.StartsWith("--net=", StringComparison.Ordinal))
                continue;
            yield return argument;
        }
    }

    /// <summary>Quotes one argument for podman-compose, which splits each <c>--podman-*-args</c> value as a POSIX shell would.</summary>
    private static string Quote(string argument) => "'" + argument.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";
}
