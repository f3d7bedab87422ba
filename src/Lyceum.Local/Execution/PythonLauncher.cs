using System.Text;

namespace Lyceum.Local.Execution;

/// <summary>
/// Writes the code and import files into the run's folder and runs the interpreter unbuffered there. The requirements
/// install comes first, bounded by its own limit (<see cref="VenvCache.InstallTimeout"/>): the run's timeout is the
/// user's code's time limit and starts with the code.
/// </summary>
internal sealed class PythonLauncher(PythonInterpreter python, VenvCache venvs, PythonRunRequest request) : IRunLauncher
{
    /// <summary>An install at least this long is mentioned in the run's output, with why the timeout did not run meanwhile.</summary>
    private static readonly TimeSpan SlowInstall = TimeSpan.FromSeconds(10);

    public TimeSpan Preparation => string.IsNullOrWhiteSpace(request.Requirements) ? TimeSpan.Zero : venvs.InstallTimeout;

    public async Task<int> RunAsync(LiveRun run, CancellationToken cancellationToken = default)
    {
        var work = run.WorkDirectory;
        Directory.CreateDirectory(work);
        foreach (var (path, content) in request.ImportFiles)
        {
            var target = Path.Combine(work, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllTextAsync(target, content, cancellationToken);
        }
        var code = new StringBuilder();
        foreach (var line in request.PriorImports)
            code.Append(line).Append('\n');
        code.Append(request.NotebookCode ? CommentOutMagics(request.Code) : request.Code);
        var script = Path.Combine(work, request.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(script)!);
        await File.WriteAllTextAsync(script, code.ToString(), new UTF8Encoding(false), cancellationToken);

        string interpreter;
        string? venv = null;
        if (string.IsNullOrWhiteSpace(request.Requirements))
            interpreter = await python.PathAsync();
        else
        {
            interpreter = await InstallAsync(run, request.Requirements, cancellationToken);
            venv = Path.GetDirectoryName(Path.GetDirectoryName(interpreter));
        }
        var environment = RunEnvironment.ForRun(run, venv);
        run.StartTimeout();
        return await ProcessRunner.RunAsync(interpreter, ["-u", request.FileName], work, environment, run.Write, cancellationToken, run.Isolation);
    }

    /// <summary>The interpreter of the requirements' environment, built (or reused) within the install limit.</summary>
    private async Task<string> InstallAsync(LiveRun run, string requirements, CancellationToken cancellationToken)
    {
        var clock = run.Record.Clock;
        var limit = venvs.InstallTimeout;
        var started = clock.GetTimestamp();
        using (clock.CreateTimer(
            _ => run.RequestStop(RunStatus.Timeout,
                $"Installing the requirements took longer than {limit.TotalSeconds:0} s and was stopped before your code started. "
                + "Start Lyceum Local with a larger --install-timeout, or install from a folder of wheels with --pip-args \"--no-index --find-links DIR\"."),
            null, limit, Timeout.InfiniteTimeSpan))
        {
            var interpreter = await venvs.EnsureAsync(requirements, RunEnvironment.ForInstall(run), run.Isolation, run.Write, cancellationToken);
            var took = clock.GetElapsedTime(started);
            if (took >= SlowInstall)
                run.Write("stdout", $"[lyceum] Installing the requirements took {took.TotalSeconds:0} s; that does not count against the "
                    + $"run's timeout of {run.Record.Timeout} s, which starts now with your code.\n");
            return interpreter;
        }
    }

    /// <summary>Notebook cells may hold IPython magics (%pip, !ls) that plain Python cannot run.</summary>
    private static string CommentOutMagics(string code) => string.Join('\n', code.Split('\n').Select(line =>
        line.TrimStart().StartsWith('%') || line.TrimStart().StartsWith('!') ? "# " + line : line));
}
