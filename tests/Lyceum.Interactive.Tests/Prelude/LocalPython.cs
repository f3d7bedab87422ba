using System.Diagnostics;
using System.Text;
using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Tests.Prelude;

/// <summary>Runs a cell's run parts with a local interpreter exactly as Lyceum Local does: import files and code into a fresh folder, <c>python -u</c> there.</summary>
internal static class LocalPython
{
    /// <summary>The interpreter Lyceum Local uses by default.</summary>
    public const string Default = "python3";

    /// <summary>Debian's interpreter, where CI installs python3-matplotlib.</summary>
    public const string Debian = "/usr/bin/python3";

    /// <param name="parts">The run's code and import files.</param>
    /// <param name="python">The interpreter.</param>
    /// <param name="withoutSitePackages">Runs with <c>-S</c>: nothing installed is importable (as on a bare machine).</param>
    public static async Task<CellRun> RunAsync(CellRunParts parts, string python = Default, bool withoutSitePackages = false)
    {
        var folder = Directory.CreateTempSubdirectory("lyceum-prelude-test-");
        try
        {
            foreach (var (path, content) in parts.ImportFiles)
            {
                var target = Path.Combine(folder.FullName, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await File.WriteAllTextAsync(target, content);
            }
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "main.py"), parts.Code, new UTF8Encoding(false));
            var start = new ProcessStartInfo(python)
            {
                WorkingDirectory = folder.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            start.ArgumentList.Add("-u");
            if (withoutSitePackages)
                start.ArgumentList.Add("-S");
            start.ArgumentList.Add("main.py");
            start.Environment["PYTHONUNBUFFERED"] = "1";
            start.Environment["PYTHONIOENCODING"] = "utf-8";
            start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return new CellRun(await stdout, await stderr, process.ExitCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public static bool CanImport(string python, string module)
    {
        try
        {
            var start = new ProcessStartInfo(python) { RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"import {module}");
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
