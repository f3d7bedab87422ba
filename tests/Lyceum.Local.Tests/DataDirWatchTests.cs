using System.Diagnostics;
using System.Globalization;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

/// <summary>Writes to the data dir (stored objects, run logs, the database) wake nothing in the server.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DataDirWatchTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "lyceum-local-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
            Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task the_server_keeps_no_file_watch_on_its_data_dir()
    {
        await using var server = await TestServer.StartAsync(o => o.DataDirectory = _data);
        await StorageTests.UploadAsync(server, "watched?"u8.ToArray(), formKey: "a/file.txt");

        var inode = long.Parse((await RunAsync("stat", "-c", "%i", _data)).Trim(), CultureInfo.InvariantCulture).ToString("x", CultureInfo.InvariantCulture);
        var watches = Directory.EnumerateFiles("/proc/self/fdinfo")
            .SelectMany(ReadLinesOrNone)
            .Where(line => line.StartsWith("inotify ", StringComparison.Ordinal))
            .ToList();

        Assert.DoesNotContain(watches, line => line.Contains($" ino:{inode} ", StringComparison.Ordinal));
    }

    /// <summary>An fd can close between listing and reading.</summary>
    private static IEnumerable<string> ReadLinesOrNone(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static async Task<string> RunAsync(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
