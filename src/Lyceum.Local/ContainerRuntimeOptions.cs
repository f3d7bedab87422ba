namespace Lyceum.Local;

/// <summary>The container runtime CLI (docker or podman) that runs image executions.</summary>
public sealed class ContainerRuntimeOptions
{
    /// <summary>The CLI to call, e.g. <c>podman</c> or <c>docker</c> (a name on PATH or a full path).</summary>
    public string Cli { get; set; } = "docker";

    /// <summary>Arguments placed before the sub-command, e.g. <c>--runtime /usr/sbin/runc --cgroup-manager=cgroupfs</c>.</summary>
    public IList<string> GlobalArguments { get; set; } = new List<string>();

    /// <summary>Arguments placed after <c>run</c>, e.g. <c>--ulimit host --network=none</c>.</summary>
    public IList<string> RunArguments { get; set; } = new List<string>();

    /// <summary>
    /// The podman-compose executable for compose runs (a name on PATH or a full path); when null, <c>podman-compose</c> is
    /// looked up on PATH if <see cref="Cli"/> is podman. Compose runs answer 503 without one.
    /// </summary>
    public string? ComposeCli { get; set; }

    /// <summary>Environment variables for the CLI process, e.g. <c>CONTAINERS_CONF</c>.</summary>
    public IDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();
}
