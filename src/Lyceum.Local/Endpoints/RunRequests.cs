using System.Text.RegularExpressions;
using Lyceum.Local.Execution;
using Lyceum.Local.Requests;
using Lyceum.Local.Storage;

namespace Lyceum.Local.Endpoints;

/// <summary>Validation of the Python and image run bodies (every problem reported at once).</summary>
internal static partial class RunRequests
{
    public const int MaxCodeLength = 8 * 1024 * 1024;

    public static (Machine? Machine, int Timeout, string FileName) Common(FieldReader body, MachineCatalogue machines, string defaultFileName)
    {
        var type = body.String("execution_type", allowEmpty: false) ?? "cpu";
        Machine? machine = null;
        if (!MachinePattern().IsMatch(type))
            body.Error("execution_type", "Must match ^[a-zA-Z0-9_.]+$, e.g. 'cpu' or 'gpu.a100'");
        else if ((machine = machines.Find(type)) is null)
            body.Error("execution_type", $"Unknown machine type '{type}'; available: {string.Join(", ", machines.Available)}");
        else if (!machines.IsAvailable(machine))
        {
            body.Error("execution_type", $"'{type}' is not available on this Lyceum Local host (no NVIDIA GPU visible); available: {string.Join(", ", machines.Available)}");
            machine = null;
        }
        var timeout = body.Integer("timeout", 1, 600, 60) ?? 60;
        var fileName = body.String("file_name", maxLength: StorageKey.MaxBytes, allowEmpty: false) ?? defaultFileName;
        if (StorageKey.Problem(fileName) is { } problem)
            body.Error("file_name", problem.Replace("the key", "the file name"));
        return (machine, timeout, fileName);
    }

    public static PythonRunRequest? Python(FieldReader body, string fileName)
    {
        var code = body.String("code", required: true, maxLength: MaxCodeLength);
        var notebook = body.Integer("nbcode", 0, 1, 0) == 1;
        var requirements = body.String("requirements_content", maxLength: 1024 * 1024);
        var priorImports = body.StringArray("prior_imports") ?? [];
        var importFiles = body.StringMap("import_files") ?? new Dictionary<string, string>();
        foreach (var path in importFiles.Keys)
            if (StorageKey.Problem(path) is { } problem)
                body.Error($"import_files.{path}", problem.Replace("the key", "the path") + "; paths must stay inside the run's folder");
        RefuseClashes(body, fileName, importFiles);
        return body.HasErrors ? null : new PythonRunRequest(code!, fileName, requirements, priorImports, importFiles, notebook);
    }

    /// <summary>
    /// Paths that cannot all be written (an import file where the code goes, or a file that is also another's folder)
    /// are the caller's mistake, not a platform failure of the run.
    /// </summary>
    private static void RefuseClashes(FieldReader body, string fileName, IReadOnlyDictionary<string, string> importFiles)
    {
        if (importFiles.ContainsKey(fileName))
            body.Error($"import_files.{fileName}", "the path is the file_name the code is written to; rename one of them");
        var paths = new HashSet<string>(importFiles.Keys, StringComparer.Ordinal) { fileName };
        foreach (var path in paths.Order(StringComparer.Ordinal))
            for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
                if (paths.Contains(path[..slash]))
                {
                    var folder = path[..slash];
                    body.Error(importFiles.ContainsKey(folder) ? $"import_files.{folder}" : "file_name",
                        $"'{folder}' would be both a file and the folder of '{path}'; rename one of them");
                }
    }

    public static ImageRunRequest? Image(FieldReader body)
    {
        var image = body.String("docker_image_ref", required: true, maxLength: 1024, allowEmpty: false);
        var command = body.StringArray("docker_run_cmd") ?? [];
        var environment = new List<KeyValuePair<string, string>>();
        var lines = body.String("docker_run_env", maxLength: 1024 * 1024) ?? "";
        var number = 0;
        foreach (var raw in lines.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
                continue;
            var equals = line.IndexOf('=');
            var name = equals > 0 ? line[..equals].Trim() : "";
            if (!EnvironmentName().IsMatch(name))
                body.Error("docker_run_env", $"Each line must be KEY=VALUE with KEY of letters, digits and '_'; line {number} is not");
            else
                environment.Add(new(name, line[(equals + 1)..]));
        }
        var mount = body.Boolean("enable_s3_mount", true) ?? true;
        var credentialType = body.String("docker_registry_credential_type");
        if (credentialType is not null and not ("basic" or "aws"))
            body.Error("docker_registry_credential_type", "Must be 'basic' or 'aws'");
        foreach (var field in new[] { "docker_username", "docker_password", "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "aws_region" })
            body.String(field);
        return body.HasErrors ? null : new ImageRunRequest(image!, command, environment, mount);
    }

    public static ComposeRunRequest? Compose(FieldReader body, string fileName)
    {
        var composeFile = body.String("compose_file_code", required: true, maxLength: 1024 * 1024, allowEmpty: false);
        var mount = body.Boolean("enable_s3_mount", false) ?? false;
        body.Integer("graceful_timeout", 0, 3600, 150);
        body.StringArray("user_callback_urls");
        foreach (var field in new[] { "docker_username", "docker_password", "aws_region" })
            body.String(field);
        return body.HasErrors ? null : new ComposeRunRequest(composeFile!, fileName, mount);
    }

    [GeneratedRegex("^[a-zA-Z0-9_.]+$")]
    private static partial Regex MachinePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();
}
