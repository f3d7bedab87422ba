using System.Diagnostics;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text;

namespace Lyceum.Local.Execution;

/// <summary>
/// Reads a process's stdout and stderr pipes from one thread that waits on both at once (<c>poll(2)</c>) and hands each
/// chunk over before it reads again. Two independent readers (one async loop per pipe) do not keep the order the program
/// wrote in: a chunk read from stdout can wait for a busy thread pool while a later stderr chunk is read and passed on
/// first. With one reader, a write that has been read is passed on before anything written after it; what the two pipes
/// hold at the same moment is taken stdout first (the usual order of a print followed by a traceback).
/// </summary>
internal static class OutputPipes
{
    private const short PollIn = 0x001;
    private const short PollErr = 0x008;
    private const short PollHangUp = 0x010;
    private const int LinuxInterrupted = 4;
    private const int LinuxTryAgain = 11;
    private const int BsdTryAgain = 35;

    /// <summary>Reads both output pipes of a started process until they close, passing each chunk to <paramref name="onOutput"/>.</summary>
    public static Task ReadAsync(Process process, Action<string, string> onOutput)
    {
        if (OperatingSystem.IsWindows()
            || process.StandardOutput.BaseStream is not PipeStream stdout
            || process.StandardError.BaseStream is not PipeStream stderr)
            return Task.WhenAll(PumpAsync(process.StandardOutput.BaseStream, "stdout", onOutput), PumpAsync(process.StandardError.BaseStream, "stderr", onOutput));
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = new Thread(() =>
        {
            try
            {
                Read([new("stdout", stdout), new("stderr", stderr)], onOutput);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        { IsBackground = true, Name = "Lyceum Local output reader" };
        reader.Start();
        return done.Task;
    }

    private static void Read(Source[] sources, Action<string, string> onOutput)
    {
        var fds = sources.Select(s => new PollFd { Fd = (int)s.Pipe.SafePipeHandle.DangerousGetHandle(), Events = PollIn }).ToArray();
        var bytes = new byte[16 * 1024];
        var open = sources.Length;
        while (open > 0)
        {
            if (Poll(fds, (nuint)fds.Length, -1) < 0)
            {
                if (Marshal.GetLastPInvokeError() == LinuxInterrupted)
                    continue;
                throw new IOException($"poll failed on a run's output pipes (errno {Marshal.GetLastPInvokeError()}).");
            }
            for (var i = 0; i < fds.Length; i++)
            {
                // poll skips negative descriptors: a closed pipe stays in the array as -1.
                if (fds[i].Fd < 0 || (fds[i].Revents & (PollIn | PollHangUp | PollErr)) == 0)
                    continue;
                var read = ReadBytes(fds[i].Fd, bytes, bytes.Length);
                if (read < 0 && Marshal.GetLastPInvokeError() is LinuxInterrupted or LinuxTryAgain or BsdTryAgain)
                    continue;
                if (read > 0)
                {
                    sources[i].Decode(bytes, (int)read, onOutput);
                    continue;
                }
                sources[i].Flush(onOutput);
                fds[i].Fd = -1;
                open--;
            }
        }
    }

    private static async Task PumpAsync(Stream stream, string name, Action<string, string> onOutput)
    {
        var source = new Source(name, null);
        var bytes = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(bytes)) > 0)
            source.Decode(bytes, read, onOutput);
        source.Flush(onOutput);
    }

    /// <summary>One pipe and its UTF-8 decoder (a character split across two reads is passed on whole).</summary>
    private sealed class Source(string name, PipeStream? pipe)
    {
        private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
        private char[] _chars = [];

        public PipeStream Pipe => pipe!;

        public void Decode(byte[] bytes, int count, Action<string, string> onOutput)
        {
            if (_chars.Length < count + 4)
                _chars = new char[count + 4];
            var length = _decoder.GetChars(bytes, 0, count, _chars, 0, flush: false);
            if (length > 0)
                onOutput(name, new string(_chars, 0, length));
        }

        public void Flush(Action<string, string> onOutput)
        {
            if (_chars.Length < 4)
                _chars = new char[4];
            var length = _decoder.GetChars([], 0, 0, _chars, 0, flush: true);
            if (length > 0)
                onOutput(name, new string(_chars, 0, length));
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    // DllImport rather than LibraryImport: plain ints and a blittable array, and the project compiles without /unsafe.
    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int Poll([In, Out] PollFd[] fds, nuint count, int timeout);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint ReadBytes(int fd, byte[] buffer, nint count);
}
