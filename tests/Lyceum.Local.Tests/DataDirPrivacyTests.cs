using Lyceum.Local.Auth;
using Lyceum.Local.Data;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataDirPrivacyTests : IDisposable
{
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly string _data = Path.Combine(Path.GetTempPath(), "lyceum-local-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task the_database_uploads_and_run_logs_are_readable_by_their_owner_only()
    {
        await using var server = await TestServer.StartAsync(o => o.DataDirectory = _data);
        await StorageTests.UploadAsync(server, "private bytes"u8.ToArray(), formKey: "deep/folder/file.txt");
        await server.RunAsync(new { code = "print('logged')" });

        Assert.Equal(PrivateFiles.FolderMode, File.GetUnixFileMode(_data));
        foreach (var name in new[] { "lyceum.db", "lyceum.db-wal", "lyceum.db-shm", "jwt-signing.key" })
            Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(Path.Combine(_data, name)));
        foreach (var entry in new DirectoryInfo(Path.Combine(_data, "storage")).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
                     .Concat(new DirectoryInfo(Path.Combine(_data, "runs")).EnumerateFileSystemInfos("*", SearchOption.TopDirectoryOnly)))
            Assert.True((entry.UnixFileMode & GroupOrOther) == 0, $"{entry.FullName} is {entry.UnixFileMode}");
        var log = Directory.EnumerateFiles(Path.Combine(_data, "runs"), "output.jsonl", SearchOption.AllDirectories).Single();
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(log));
    }

    [Fact]
    public async Task a_world_readable_data_dir_of_an_older_version_is_made_private_at_start()
    {
        Directory.CreateDirectory(Path.Combine(_data, "storage", "old"));
        File.WriteAllText(Path.Combine(_data, "storage", "old", "file.txt"), "old");
        File.SetUnixFileMode(_data, (UnixFileMode)Convert.ToInt32("755", 8));
        File.SetUnixFileMode(Path.Combine(_data, "storage", "old", "file.txt"), (UnixFileMode)Convert.ToInt32("644", 8));

        await using var server = await TestServer.StartAsync(o => o.DataDirectory = _data);

        Assert.Equal(PrivateFiles.FolderMode, File.GetUnixFileMode(_data));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(Path.Combine(_data, "storage", "old", "file.txt")));
    }

    [Fact]
    public async Task stream_tokens_are_stored_hashed_and_the_streaming_url_still_replays_after_a_restart()
    {
        var (id, url) = await RunOnceAndStopAsync("print('replayed')");
        var token = url[(url.LastIndexOf('/') + 1)..];
        var db = new Database(Path.Combine(_data, "lyceum.db"));
        var stored = await db.ScalarAsync<string>("SELECT stream_token FROM runs WHERE id = $id", new { id });
        db.ClearPool();

        Assert.NotEqual(token, stored);
        Assert.Equal(Secrets.Hash(token), stored);
        await using var second = await TestServer.StartAsync(o => { o.DataDirectory = _data; o.ApiKey = "lk_local_privacy_test"; });
        var moved = url.Replace(new Uri(TestServer.HttpUrl(url)).Authority, second.Server.BaseUrl.Authority);
        Assert.Equal("replayed\n", Wire.Text(await TestServer.ReadSseAsync(moved)));
    }

    [Fact]
    public async Task a_token_stored_in_clear_by_an_older_version_is_hashed_at_start_and_keeps_working()
    {
        var (id, url) = await RunOnceAndStopAsync("print('old')");
        var token = url[(url.LastIndexOf('/') + 1)..];
        var db = new Database(Path.Combine(_data, "lyceum.db"));
        await db.ExecuteAsync("UPDATE runs SET stream_token = $token WHERE id = $id", new { id, token });

        await using var second = await TestServer.StartAsync(o => { o.DataDirectory = _data; o.ApiKey = "lk_local_privacy_test"; });

        Assert.Equal(Secrets.Hash(token), await db.ScalarAsync<string>("SELECT stream_token FROM runs WHERE id = $id", new { id }));
        db.ClearPool();
        var moved = url.Replace(new Uri(TestServer.HttpUrl(url)).Authority, second.Server.BaseUrl.Authority);
        Assert.Equal("old\n", Wire.Text(await TestServer.ReadSseAsync(moved)));
    }

    /// <summary>Runs the code on a server over the data dir, reads its stream to the end, and stops the server.</summary>
    private async Task<(string Id, string StreamingUrl)> RunOnceAndStopAsync(string code)
    {
        await using var first = await TestServer.StartAsync(o => { o.DataDirectory = _data; o.ApiKey = "lk_local_privacy_test"; });
        var (id, url) = await first.StartRunAsync(new { code });
        await TestServer.ReadSseAsync(url);
        return (id, url);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
            Directory.Delete(_data, recursive: true);
    }
}
