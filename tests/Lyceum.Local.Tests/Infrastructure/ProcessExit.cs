using System.Runtime.InteropServices;

namespace Lyceum.Local.Tests.Infrastructure;

/// <summary>
/// Waits for any process (not only a child) to exit, in the kernel: a pidfd becomes readable when its process exits.
/// No polling, no sleeping; a process already gone (or a zombie nobody reaps) counts as exited.
/// </summary>
internal static class ProcessExit
{
    private const long PidfdOpen = 434;
    private const short PollIn = 1;

    /// <summary>True when the process has exited within <paramref name="timeout"/>.</summary>
    public static Task<bool> WaitAsync(int pid, TimeSpan timeout) => Task.Factory.StartNew(() =>
    {
        var fd = (int)Syscall(PidfdOpen, pid, 0);
        if (fd < 0)
            return IsGone(pid);
        try
        {
            var poll = new PollFd { Fd = fd, Events = PollIn };
            return Poll(ref poll, 1, (int)timeout.TotalMilliseconds) == 1 || IsGone(pid);
        }
        finally
        {
            Close(fd);
        }
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>The pids of live processes whose environment marks them as part of one of these runs.</summary>
    public static List<int> OfRuns(IReadOnlyCollection<string> executionIds)
    {
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
                continue;
            string environ;
            try
            {
                environ = File.ReadAllText(Path.Combine(folder, "environ"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (executionIds.Any(id => environ.Contains($"LYCEUM_EXECUTION_ID={id}\0", StringComparison.Ordinal)) && !IsGone(pid))
                found.Add(pid);
        }
        return found;
    }

    /// <summary>The process group of a process (from <c>/proc/PID/stat</c>), or null when it is gone.</summary>
    public static int? GroupOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long Syscall(long number, int pid, uint flags);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int Poll(ref PollFd fds, ulong count, int timeoutMilliseconds);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
