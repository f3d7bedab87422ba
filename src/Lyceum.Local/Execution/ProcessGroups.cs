using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Lyceum.Local.Execution;

/// <summary>
/// Run processes live in their own process group and die with the server. On Linux a run starts as
/// <c>setsid setpriv --pdeathsig TERM -- sh -c WATCHDOG sh PROGRAM …</c> (util-linux, POSIX sh): a new session and group
/// whose id is the process id, and a small shell that starts the program and, when the server dies (the parent-death
/// signal), kills the whole group, the program's own children included. The parent-death signal follows the
/// <em>thread</em> that forked the child, so every isolated process is started from one thread that lives as long as the
/// server. Where the tools are missing, the process starts plainly and start-up recovery is the safety net.
/// </summary>
internal static class ProcessGroups
{
    private const int SigKill = 9;
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> Pending = new();
    private static readonly Lazy<string[]> Prefix = new(FindPrefix);

    static ProcessGroups()
    {
        var spawner = new Thread(Spawn) { IsBackground = true, Name = "Lyceum Local run spawner" };
        spawner.Start();
    }

    /// <summary>The command line that starts <paramref name="fileName"/> in its own group, dying with the server.</summary>
    public static string[] Wrap(string fileName, IEnumerable<string> arguments) => [.. Prefix.Value, fileName, .. arguments];

    /// <summary>Starts the process from the spawner thread.</summary>
    public static Task StartAsync(Process process)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Pending.Add((process, started));
        return started.Task;
    }

    /// <summary>SIGKILLs every process of the group; false when the OS has no process groups or the group is gone.</summary>
    public static bool KillGroup(int processGroup) =>
        !OperatingSystem.IsWindows() && processGroup > 1 && Kill(-processGroup, SigKill) == 0;

    /// <summary>SIGKILLs one process; false when it is gone.</summary>
    public static bool KillProcess(int pid) => !OperatingSystem.IsWindows() && pid > 1 && Kill(pid, SigKill) == 0;

    private static void Spawn()
    {
        foreach (var (process, started) in Pending.GetConsumingEnumerable())
        {
            try
            {
                process.Start();
                started.SetResult();
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        }
    }

    /// <summary>
    /// Waits for the program in the background so that the TERM of the parent-death signal interrupts the wait; the trap
    /// then SIGKILLs the group (kill 0), the shell included. The program's exit status is the shell's.
    /// </summary>
    private const string Watchdog = "trap 'kill -KILL 0' TERM; \"$@\" & wait $!";

    private static string[] FindPrefix()
    {
        if (!OperatingSystem.IsLinux())
            return [];
        var setsid = FindOnPath("setsid");
        if (setsid is null)
            return [];
        var setpriv = FindOnPath("setpriv");
        return setpriv is null || !File.Exists("/bin/sh")
            ? [setsid]
            : [setsid, setpriv, "--pdeathsig", "TERM", "--", "/bin/sh", "-c", Watchdog, "sh"];
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/bin")
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    // DllImport rather than LibraryImport: kill(2) takes and returns plain ints, and the project compiles without /unsafe.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
