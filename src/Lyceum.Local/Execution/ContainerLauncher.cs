namespace Lyceum.Local.Execution;

/// <summary>
/// Runs an image through the container CLI; environment values reach the container through an <c>--env-file</c> only
/// this user can read (removed when the run ends), so they never show on a command line and never steer the CLI
/// itself (PATH, HOME or CONTAINERS_CONF meant for the container would otherwise change how the CLI runs).
/// </summary>
internal sealed class ContainerLauncher(ContainerRuntime runtime, string storageFolder, ImageRunRequest request) : IRunLauncher
{
    public async Task<int> RunAsync(LiveRun run, CancellationToken cancellationToken = default)
    {
        var options = runtime.Options ?? throw new InvalidOperationException("No container runtime is configured.");
        Directory.CreateDirectory(run.WorkDirectory);
        var name = ContainerName(run.Record.Id);
        var arguments = new List<string>(options.GlobalArguments) { "run", "--rm", "--name", name };
        arguments.AddRange(options.RunArguments);
        var environment = runtime.Environment(run.Record.Id);
        var envFile = Path.Combine(run.Directory, "container.env");
        if (request.Environment.Count > 0)
        {
            WriteEnvFile(envFile, request.Environment);
            arguments.Add("--env-file");
            arguments.Add(envFile);
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
                // The CLI runs as a run process (own group, dies with the server); the container itself is the runtime's,
                // which is why it is killed and removed by name.
                return await ProcessRunner.RunAsync(options.Cli, arguments, run.WorkDirectory, environment, run.Write, cancellationToken, run.Isolation);
            }
            catch (OperationCanceledException)
            {
                await killed;
                await ProcessRunner.CaptureAsync(options.Cli, [.. options.GlobalArguments, "rm", "-f", name], runtime.Environment(), TimeSpan.FromSeconds(30));
                throw;
            }
            finally
            {
                File.Delete(envFile);
            }
        }
    }

    /// <summary>The container of a run, by name (start-up recovery removes what a killed server left running).</summary>
    public static string ContainerName(string executionId) => "lyceum-" + executionId;

    private static void WriteEnvFile(string path, IEnumerable<KeyValuePair<string, string>> variables)
    {
        // Names are validated (letters, digits, '_') and values hold no newline, so KEY=VALUE lines are read literally
        // by docker and podman alike.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(false), options);
        foreach (var (name, value) in variables)
            writer.Write($"{name}={value}\n");
    }
}
