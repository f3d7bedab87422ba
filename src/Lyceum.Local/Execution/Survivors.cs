using System.Globalization;
using System.Text;

namespace Lyceum.Local.Execution;

/// <summary>
/// Processes of runs that a killed server left behind. Every run process carries <c>LYCEUM_EXECUTION_ID</c> in its
/// environment (its children inherit it, even those that left the run's process group), so survivors are found by that
/// marker in <c>/proc</c> rather than by a recorded process id that the OS may have given to someone else since.
/// </summary>
internal static class Survivors
{
    private const int MaxRounds = 20;

    /// <summary>SIGKILLs every process (and its group) marked with one of these runs; how many were killed.</summary>
    public static int Kill(IReadOnlySet<string> executionIds, IEnumerable<int> recordedGroups)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc"))
            return 0;
        var killed = 0;
        // A recorded group is only killed when its leader still carries a marker of these runs.
        foreach (var group in recordedGroups)
            if (MarkerOf(group) is { } id && executionIds.Contains(id) && ProcessGroups.KillGroup(group))
                killed++;
        // Killing a process may reveal none new, but one being forked at that moment would be missed: scan until clean.
        for (var round = 0; round < MaxRounds; round++)
        {
            var found = Marked(executionIds).ToList();
            if (found.Count == 0)
                break;
            foreach (var (pid, group) in found)
            {
                ProcessGroups.KillGroup(group);
                ProcessGroups.KillProcess(pid);
                killed++;
            }
        }
        return killed;
    }

    private static IEnumerable<(int Pid, int Group)> Marked(IReadOnlySet<string> executionIds)
    {
        var self = Environment.ProcessId;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == self)
                continue;
            if (MarkerOf(pid) is { } id && executionIds.Contains(id) && GroupOf(pid) is { } group)
                yield return (pid, group);
        }
    }

    /// <summary>The run id in the process's environment; null for other processes, zombies, and processes of other users.</summary>
    private static string? MarkerOf(int pid)
    {
        byte[] environ;
        try
        {
            environ = File.ReadAllBytes($"/proc/{pid}/environ");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var prefix = Encoding.ASCII.GetBytes(RunEnvironment.ExecutionIdVariable + "=");
        foreach (var entry in environ.AsSpan().Split((byte)0))
        {
            var variable = environ.AsSpan(entry);
            if (variable.StartsWith(prefix))
                return Encoding.UTF8.GetString(variable[prefix.Length..]);
        }
        return null;
    }

    /// <summary>The process group from <c>/proc/PID/stat</c> (the field after the state, behind the parenthesised name).</summary>
    private static int? GroupOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var group) ? group : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
