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

        var interpreter = string.IsNullOrWhiteSpace(request.Requirements)
            ? await python.PathAsync()
            : await venvs.EnsureAsync(request.Requirements, run.Write, cancellationToken);
        return await ProcessRunner.RunAsync(interpreter, ["-u", request.FileName], work, Environment(run.Record.Id), run.Write, cancellationToken);
    }

    public static Dictionary<string, string?> Environment(string executionId) => new()
    {
        ["PYTHONUNBUFFERED"] = "1",
        ["PYTHONIOENCODING"] = "utf-8",
        ["PYTHONDONTWRITEBYTECODE"] = "1",
        ["LYCEUM_EXECUTION_ID"] = executionId,
        // The host's own credentials are not the run's business.
        ["LYCEUM_API_KEY"] = null,
        ["LYCEUM_API_TOKEN"] = null,
    };

    /// <summary>Notebook cells may hold IPython magics (%pip, !ls) that plain Python cannot run.</summary>
    private static string CommentOutMagics(string code) => string.Join('\n', code.Split('\n').Select(line =>
        line.TrimStart().StartsWith('%') || line.TrimStart().StartsWith('!') ? "# " + line : line));
}
