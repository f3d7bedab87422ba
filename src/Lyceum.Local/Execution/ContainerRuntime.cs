namespace Lyceum.Local.Execution;

/// <summary>The configured docker/podman CLI: whether it answers, and how to call it.</summary>
internal sealed class ContainerRuntime(ContainerRuntimeOptions? options)
{
    private (DateTimeOffset At, string? Failure)? _lastCheck;

    public ContainerRuntimeOptions? Options => options;

    /// <summary>Null when the CLI answers <c>--version</c>, else why not (checked at most every 30 s).</summary>
    public async Task<string?> CheckAsync()
    {
        if (options is null)
            return "not configured";
        if (_lastCheck is { } last && DateTimeOffset.UtcNow - last.At < TimeSpan.FromSeconds(30))
            return last.Failure;
        string? failure;
        try
        {
            var (code, output) = await ProcessRunner.CaptureAsync(options.Cli, ["--version"], Environment(), TimeSpan.FromSeconds(10));
            failure = code == 0 ? null : $"'{options.Cli} --version' exited {code}: {output.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            failure = $"cannot start '{options.Cli}': {ex.Message}";
        }
        _lastCheck = (DateTimeOffset.UtcNow, failure);
        return failure;
    }

    /// <summary>Removes a run's container, running or not (start-up recovery after a killed server).</summary>
    public async Task RemoveAsync(string name)
    {
        if (options is not null)
            await ProcessRunner.CaptureAsync(options.Cli, [.. options.GlobalArguments, "rm", "-f", name], Environment(), TimeSpan.FromSeconds(30));
    }

    /// <summary>The podman-compose to run compose files with (full path), or null when there is none.</summary>
    public string? ComposeCli
    {
        get
        {
            if (options is null)
                return null;
            var wanted = options.ComposeCli
                ?? (Path.GetFileNameWithoutExtension(options.Cli) == "podman" ? "podman-compose" : null);
            if (wanted is null)
                return null;
            if (wanted.Contains(Path.DirectorySeparatorChar))
                return File.Exists(wanted) ? wanted : null;
            return (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(folder => Path.Combine(folder, wanted)).FirstOrDefault(File.Exists);
        }
    }

    /// <summary>
    /// The environment of a run's own CLI processes (<c>run</c>, <c>compose up</c>, <c>logs -f</c>): the server's (the CLI
    /// is the operator's tool, not the run), <c>--container-env</c>, and the run's marker, by which start-up recovery
    /// finds a CLI process a killed server left. The CLI does not hand its own environment to a container.
    /// </summary>
    public Dictionary<string, string?> Environment(string executionId)
    {
        var environment = new Dictionary<string, string?>();
        foreach (System.Collections.DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
            environment[(string)variable.Key] = (string?)variable.Value;
        foreach (var (name, value) in Environment())
            environment[name] = value;
        environment[RunEnvironment.ExecutionIdVariable] = executionId;
        return environment;
    }

    /// <summary>What helper commands (<c>--version</c>, <c>kill</c>, <c>rm</c>, <c>ps</c>) add to the server's environment.</summary>
    public Dictionary<string, string?> Environment()
    {
        var environment = new Dictionary<string, string?>();
        if (options is not null)
            foreach (var (name, value) in options.Environment)
                environment[name] = value;
        return environment;
    }

    /// <summary>Kills and removes a compose project's containers at once, then its networks; never throws (cleanup is best effort).</summary>
    public async Task RemoveComposeProjectAsync(string project)
    {
        if (options is null)
            return;
        var filter = $"label={ComposeLauncher.ProjectLabel}={project}";
        var timeout = TimeSpan.FromSeconds(60);
        await ProcessRunner.CaptureAsync(options.Cli, [.. options.GlobalArguments, "rm", "-f", "-t", "0", "--filter", filter], Environment(), timeout);
        await ProcessRunner.CaptureAsync(options.Cli, [.. options.GlobalArguments, "network", "prune", "-f", "--filter", filter], Environment(), timeout);
    }
}
