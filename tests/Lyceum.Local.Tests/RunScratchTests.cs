using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

/// <summary>What a run's processes wrote is gone once it ends, as on Lyceum Cloud; its output log stays.</summary>
public sealed class RunScratchTests
{
    [Fact]
    public async Task a_run_that_dies_before_reading_its_import_files_leaves_none_of_them_on_disk()
    {
        await using var server = await TestServer.StartAsync();
        var (id, messages) = await server.RunAsync(new
        {
            code = "import os\nopen(os.path.join(os.environ['HOME'], 'note'), 'w').write('x')\nraise SystemExit(3)\n",
            import_files = new Dictionary<string, string> { ["lyceum/inputs.json"] = "{\"secret\": \"s3-secret-for-the-cell\"}" },
        });

        var folder = Path.Combine(server.Server.DataDirectory, "runs", id);
        Assert.Equal("failed_user", Wire.Status(messages));
        Assert.Equal(new[] { "output.jsonl" }, Directory.EnumerateFileSystemEntries(folder).Select(p => Path.GetFileName(p)).ToArray());
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(server.Server.DataDirectory, "runs"), "*", SearchOption.AllDirectories),
            file => File.ReadAllText(file).Contains("s3-secret-for-the-cell", StringComparison.Ordinal));
    }
}
