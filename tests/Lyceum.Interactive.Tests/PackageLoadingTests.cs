using System.Diagnostics;
using Lyceum.Interactive.Tests.Infrastructure;

namespace Lyceum.Interactive.Tests;

/// <summary>The packed extension in the real dotnet-interactive host, as a user gets it with <c>#r "nuget:…"</c>.</summary>
public sealed class PackageLoadingTests : IClassFixture<LocalServerFixture>, IDisposable
{
    private readonly LocalServerFixture _local;
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("lyceum-e2e-");

    public PackageLoadingTests(LocalServerFixture local) => _local = local;

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task the_packed_nupkg_loads_with_r_nuget_in_the_real_host_and_runs_a_python_cell()
    {
        var root = RepositoryRoot();
        // A fresh version per run: NuGet and the host's resolver cache packages by id and version.
        var version = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        var feed = Directory.CreateDirectory(Path.Combine(_work.FullName, "feed")).FullName;
        foreach (var project in new[] { "src/Lyceum.Client", "src/Lyceum.Interactive" })
            await DotnetAsync(root, "pack", project, "-o", feed, $"-p:Version={version}", "--nologo");
        Assert.True(File.Exists(Path.Combine(feed, $"Lyceum.Interactive.{version}.nupkg")));

        await using var host = StdioHost.Start(root, new Dictionary<string, string>
        {
            ["LYCEUM_API_URL"] = _local.Server.BaseUrl.ToString(),
            ["LYCEUM_API_KEY"] = _local.Server.ApiKey,
        });

        var load = await host.SubmitAsync($"#i \"nuget:{feed}\"\n#r \"nuget:Lyceum.Interactive,{version}\"", "csharp", TimeSpan.FromMinutes(3));
        Assert.True(StdioHost.Type(load[^1]) == "CommandSucceeded", string.Join("\n", load.Select(e => e.ToJsonString()[..Math.Min(400, e.ToJsonString().Length)])));
        Assert.Contains(load, e => StdioHost.Type(e) == "KernelInfoProduced" && e["event"]?["kernelInfo"]?["localName"]?.GetValue<string>() == "lyceum-python");
        Assert.Contains(load, e => StdioHost.Type(e) == "DisplayedValueProduced" && e.ToJsonString().Contains("Lyceum is ready", StringComparison.Ordinal));

        var cell = await host.SubmitAsync("#!lyceum-python\nprint(6 * 7)", "csharp", TimeSpan.FromMinutes(2));

        Assert.True(StdioHost.Type(cell[^1]) == "CommandSucceeded", string.Join("\n", cell.Select(e => e.ToJsonString())));
        Assert.Equal("42\n", StdioHost.Text(cell, "StandardOutputValueProduced"));
    }

    private static async Task DotnetAsync(string root, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", args) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        // Build into a private folder: the test's own build output is in use.
        start.Environment["LYCEUM_ARTIFACTS"] = Path.Combine(Path.GetTempPath(), "lyceum-interactive-e2e-pack");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} failed:\n{await output}\n{await error}");
    }

    // The binaries may be built outside the tree (LYCEUM_ARTIFACTS); this source file is inside it.
    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(source)!);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LyceumInteractive.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run the tests from the repository (LyceumInteractive.sln not found above the test binaries).");
    }
}
