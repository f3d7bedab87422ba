using System.Text;
using Lyceum.Client.Tests.Infrastructure;

namespace Lyceum.Client.Tests;

public sealed class StorageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lyceum-storage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task upload_sends_the_file_as_multipart_with_its_key_and_checks_the_stored_copy()
    {
        await using var server = await ScriptedServer.StartAsync();
        var received = new List<StorageScript.Received>();
        server.On("POST", "/storage/upload", StorageScript.Upload(received));
        using var client = server.CreateClient();
        var path = WriteFile("data.csv", "a,b\n1,2\n");
        var reports = new List<TransferProgress>();

        var stored = await client.Storage.UploadAsync(path, "folder/data.csv", new SynchronousProgress<TransferProgress>(reports.Add));

        var got = Assert.Single(received);
        Assert.Equal(("folder/data.csv", "folder/data.csv", "data.csv", 8L), (got.FormKey, got.QueryKey, got.FileName, got.Size));
        Assert.Equal(new StorageObject("folder/data.csv", 8, null, StorageScript.Md5Of(path)), stored);
        Assert.Equal(new TransferProgress(8, 8), reports[^1]);
    }

    [Fact]
    public async Task upload_key_defaults_to_the_file_name_and_streams_are_accepted()
    {
        await using var server = await ScriptedServer.StartAsync();
        var received = new List<StorageScript.Received>();
        server.On("POST", "/storage/upload", StorageScript.Upload(received));
        using var client = server.CreateClient();

        await client.Storage.UploadAsync(WriteFile("notes.txt", "hello"));
        await client.Storage.UploadAsync(new NonSeekableStream(Encoding.UTF8.GetBytes("from a pipe")), "pipe.txt");

        Assert.Equal(["notes.txt", "pipe.txt"], received.Select(r => r.FormKey));
        Assert.Equal(11, received[1].Size);
    }

    [Fact]
    public async Task upload_whose_stored_etag_differs_is_reported_as_corrupt()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.On("POST", "/storage/upload", StorageScript.Upload([], wrongEtag: true));
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => client.Storage.UploadAsync(WriteFile("x.bin", "abc")));

        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task upload_of_a_missing_file_says_which_file()
    {
        await using var server = await ScriptedServer.StartAsync();
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => client.Storage.UploadAsync(Path.Combine(_dir, "nope.txt")));

        Assert.Contains("nope.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task download_lands_at_the_destination_checked_and_with_progress()
    {
        await using var server = await ScriptedServer.StartAsync();
        var source = WriteFile("source.txt", new string('x', 3_000_000));
        server.On("GET", "/storage/download/a/b c.txt", StorageScript.Download(source));
        using var client = server.CreateClient();
        var destination = Path.Combine(_dir, "out", "copy.txt");
        var reports = new List<TransferProgress>();

        var got = await client.Storage.DownloadAsync("a/b c.txt", destination, new SynchronousProgress<TransferProgress>(reports.Add));

        Assert.Equal(File.ReadAllText(source), File.ReadAllText(destination));
        Assert.Equal(new StorageObject("a/b c.txt", 3_000_000, new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero), StorageScript.Md5Of(source)), got);
        Assert.Equal(new TransferProgress(3_000_000, 3_000_000), reports[^1]);
        Assert.True(reports.Count >= 2);
        Assert.Equal(["copy.txt"], Directory.GetFiles(Path.Combine(_dir, "out")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task download_with_a_wrong_md5_leaves_the_destination_untouched()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.On("GET", "/storage/download/f.txt", StorageScript.Download(WriteFile("source.txt", "new content"), etag: "0123456789abcdef0123456789abcdef"));
        using var client = server.CreateClient();
        var destination = WriteFile("f.txt", "old content");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => client.Storage.DownloadAsync("f.txt", destination));

        Assert.Contains("MD5", error.Message, StringComparison.Ordinal);
        Assert.Equal("old content", File.ReadAllText(destination));
        Assert.Equal(["f.txt", "source.txt"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task checksum_checks_can_be_turned_off_but_sizes_are_still_checked()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.On("GET", "/storage/download/f.txt", StorageScript.Download(WriteFile("source.txt", "content"), etag: "0123456789abcdef0123456789abcdef"));
        server.On("POST", "/storage/upload", StorageScript.Upload([], wrongEtag: true));
        using var client = server.CreateClient(configure: o => o.VerifyChecksums = false);

        await client.Storage.DownloadAsync("f.txt", Path.Combine(_dir, "f.txt"));
        await client.Storage.UploadAsync(Path.Combine(_dir, "f.txt"));

        Assert.Equal("content", File.ReadAllText(Path.Combine(_dir, "f.txt")));
    }

    [Fact]
    public async Task download_cut_short_leaves_no_partial_file()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.On("GET", "/storage/download/big.bin", async ctx =>
        {
            ctx.Response.ContentLength = 1_000_000;
            await ctx.Response.Body.WriteAsync(new byte[400_000]);
            await ctx.Response.Body.FlushAsync();
            ctx.Abort();
        });
        using var client = server.CreateClient();
        var destination = Path.Combine(_dir, "big.bin");

        var error = await Assert.ThrowsAsync<LyceumTransportException>(() => client.Storage.DownloadAsync("big.bin", destination));

        Assert.IsAssignableFrom<IOException>(error.InnerException);

        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task download_of_a_missing_key_is_a_404_and_leaves_no_file()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/storage/download/none.txt", """{"detail":"File not found: none.txt","type":"not_found"}""", 404);
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<LyceumApiException>(() => client.Storage.DownloadAsync("none.txt", Path.Combine(_dir, "none.txt")));

        Assert.Equal(404, error.StatusCode);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task download_to_a_stream_writes_the_bytes()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.On("GET", "/storage/download/s.txt", StorageScript.Download(WriteFile("s.txt", "stream me")));
        using var client = server.CreateClient();
        using var buffer = new MemoryStream();

        await client.Storage.DownloadToAsync("s.txt", buffer);

        Assert.Equal("stream me", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
