namespace Lyceum.Local.Execution;

/// <summary>
/// Runs an image through the container CLI; environment values reach the container through the CLI's own
/// environment (<c>-e NAME</c>), so they never show on a command line.
/// </summary>
internal sealed class ContainerLauncher(ContainerRuntime runtime, string storageFolder, ImageRunRequest request) : IRunLauncher
{
    public async Task<int> RunAsync(LiveRun run, CancellationToken cancellationToken = default)
    {
        var options = runtime.Options ?? throw new InvalidOperationException("No container runtime is configured.");
        Directory.CreateDirectory(run.WorkDirectory);
        var name = "lyceum-" + run.Record.Id;
        var arguments = new List<string>(options.GlobalArguments) { "run", "--rm", "--name", name };
        arguments.AddRange(options.RunArguments);
        var environment = runtime.Environment();
        foreach (var (key, value) in request.Environment)
        {
            arguments.Add("-e");
            arguments.Add(key);
            environment[key] = value;
        }
        if (request.MountStorage)
        {
            Directory.CreateDirectory(storageFolder);
            arguments.Add("-v");
            arguments.Add($"{storageFolder}:/mnt/s3");
        }
        arguments.Add(request.Image);
        arguments.AddRange(request.Command);
        // Killing the CLI does not stop a container the runtime keeps running on its own (and that may hold the output
        // pipes open): SIGKILL it at once (a shell as PID 1 ignores SIGTERM), then remove it.
        Task killed = Task.CompletedTask;
        using (cancellationToken.Register(() => killed = ProcessRunner.CaptureAsync(options.Cli, [.. options.GlobalArguments, "kill", name], runtime.Environment(), TimeSpan.FromSeconds(30))))
        {
            try
            {
                return await ProcessRunner.RunAsync(options.Cli, arguments, run.WorkDirectory, environment, run.Write, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await killed;
                await ProcessRunner.CaptureAsync(options.Cli, [.. options.GlobalArguments, "rm", "-f", name], runtime.Environment(), TimeSpan.FromSeconds(30));
                throw;
            }
        }
    }
}
