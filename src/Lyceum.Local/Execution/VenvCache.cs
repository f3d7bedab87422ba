using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Lyceum.Local.Execution;

/// <summary>
/// One virtual environment per distinct requirements text (hashed), built once and reused;
/// pip's output goes into the run that asked for it.
/// </summary>
internal sealed class VenvCache(string root, PythonInterpreter python, string? pipArgs)
{
    private const string ReadyMarker = ".lyceum-ready";
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
                throw new RunFailedException($"pip install of the requirements failed (exit {installed}): {lastLines}", installed);
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
