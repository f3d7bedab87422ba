namespace Lyceum.Local.Execution;

/// <summary>
/// Asks <see cref="ProcessRunner"/> to run a process as a run's: exactly the environment given, its own process group,
/// killed with the server where the OS allows it. <see cref="Started"/> learns the process (and group) id.
/// </summary>
internal sealed record ProcessIsolation(Func<int, Task>? Started = null);
