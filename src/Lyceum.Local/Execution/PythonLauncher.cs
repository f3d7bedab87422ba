using System.Text;

namespace Lyceum.Local.Execution;

/// <summary>Writes the code and import files into the run's folder and runs the interpreter unbuffered there.</summary>
internal sealed class PythonLauncher(PythonInterpreter python, VenvCache venvs, PythonRunRequest request) : IRunLauncher
{
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
            var install = RunEnvironment.ForInstall(run);
            interpreter = await venvs.EnsureAsync(request.Requirements, install, run.Isolation, run.Write, cancellationToken);
            venv = Path.GetDirectoryName(Path.GetDirectoryName(interpreter));
        }
        var environment = RunEnvironment.ForRun(run, venv);
        return await ProcessRunner.RunAsync(interpreter, ["-u", request.FileName], work, environment, run.Write, cancellationToken, run.Isolation);
    }

    /// <summary>Notebook cells may hold IPython magics (%pip, !ls) that plain Python cannot run.</summary>
    private static string CommentOutMagics(string code) => string.Join('\n', code.Split('\n').Select(line =>
        line.TrimStart().StartsWith('%') || line.TrimStart().StartsWith('!') ? "# " + line : line));
}
