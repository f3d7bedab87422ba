using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Lyceum.Local.Execution;

/// <summary>
/// One virtual environment per distinct requirements text (hashed), built once and reused;
/// pip's output goes into the run that asked for it.
/// </summary>
internal sealed class VenvCache(string root, PythonInterpreter python, string? pipArgs, TimeSpan installTimeout)
{
    /// <summary>How long a run's requirements install (venv and pip) may take, apart from the run's own timeout.</summary>
    public TimeSpan InstallTimeout => installTimeout;

    private const string ReadyMarker = ".lyceum-ready";

    /// <summary>
    /// What to do when pip cannot install (most often: no package index reachable). Said in the run's output, where the
    /// notebook user reads it, in Lyceum Local's own terms: its options, not pip's internals.
    /// </summary>
    public const string OfflineHint =
        "Lyceum Local installs #!requirements with pip on this machine. Without a package index (offline), put the wheels in "
        + "a folder (on a connected machine: pip download -d DIR PACKAGE, or pip wheel -w DIR PACKAGE) and start Lyceum Local "
        + "with --pip-args \"--no-index --find-links DIR\" (the runner takes --pip-args too), or start it with --python PATH "
        + "of an interpreter that already has the packages and leave out #!requirements.";
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    /// <summary>The interpreter of the environment for these requirements.</summary>
    public async Task<string> EnsureAsync(
        string requirements, IReadOnlyDictionary<string, string?> environment, ProcessIsolation isolation, Action<string, string> onOutput,
        CancellationToken cancellationToken = default)
    {
        var text = requirements.Replace("\r\n", "\n").Trim() + "\n";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        var folder = Path.Combine(root, hash);
        var interpreter = Path.Combine(folder, "bin", "python");
        var gate = _locks.GetOrAdd(hash, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(Path.Combine(folder, ReadyMarker)))
            {
                onOutput("stdout", $"[lyceum] Reusing the environment {hash} for these requirements\n");
                return interpreter;
            }
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
            onOutput("stdout", $"[lyceum] Creating the environment {hash} for these requirements\n");
            var created = await ProcessRunner.RunAsync(await python.PathAsync(), ["-m", "venv", folder], root, environment, onOutput, cancellationToken, isolation);
            if (created != 0)
                throw new RunFailedException($"Could not create a virtual environment (python -m venv exited {created}); install python3-venv.", created);
            var requirementsFile = Path.Combine(folder, "requirements.txt");
            await File.WriteAllTextAsync(requirementsFile, text, cancellationToken);

            var stderr = new StringBuilder();
            var arguments = new List<string> { "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-r", requirementsFile };
            arguments.AddRange(CommandLineSplitter.Split(pipArgs));
            var installed = await ProcessRunner.RunAsync(interpreter, arguments, folder, environment,
                (stream, chunk) =>
                {
                    if (stream == "stderr")
                        lock (stderr) stderr.Append(chunk);
                    onOutput(stream, chunk);
                }, cancellationToken, isolation);
            if (installed != 0)
            {
                Directory.Delete(folder, recursive: true);
                var message = stderr.ToString().Trim();
                var lastLines = string.Join('\n', message.Split('\n').TakeLast(5));
                onOutput("stderr", $"\n[lyceum] {OfflineHint}\n");
                throw new RunFailedException($"pip install of the requirements failed (exit {installed}): {lastLines}\n{OfflineHint}", installed);
            }
            await File.WriteAllTextAsync(Path.Combine(folder, ReadyMarker), DateTimeOffset.UtcNow.ToString("o"), cancellationToken);
            return interpreter;
        }
        catch (OperationCanceledException)
        {
            TryDelete(folder);
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder) && !File.Exists(Path.Combine(folder, ReadyMarker)))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the next attempt, which starts over anyway.
        }
    }
}
