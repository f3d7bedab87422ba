using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests;

public sealed class StorageCommandTests : IClassFixture<LocalServerFixture>, IDisposable
{
    private readonly LocalServerFixture _local;
    private readonly Notebook _notebook;
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("lyceum-storage-test-");

    public StorageCommandTests(LocalServerFixture local)
    {
        _local = local;
        Formatter.ResetToDefault();
        _notebook = new Notebook(local.NewClient());
    }

    public void Dispose()
    {
        _notebook.Dispose();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task upload_shows_progress_in_one_display_updated_in_place_and_files_lists_the_key()
    {
        var path = Path.Combine(_folder.FullName, "data.bin");
        await File.WriteAllBytesAsync(path, new byte[3 * 1024 * 1024]);

        var upload = await _notebook.SubmitAsync($"#!lyceum upload {path} --key upload-test/data.bin");
        upload.Succeeded();
        var produced = Assert.Single(upload.Events.OfType<DisplayedValueProduced>());
        var updates = upload.Events.OfType<DisplayedValueUpdated>().ToList();
        Assert.NotEmpty(updates);
        Assert.All(updates, u => Assert.Equal(produced.ValueId, u.ValueId));
        var last = Assert.IsType<TransferView>(updates[^1].Value);
        Assert.Equal("Uploaded", last.Verb);
        Assert.Equal(100, last.Percent);

        var files = await _notebook.SubmitAsync("#!lyceum files --prefix upload-test/");
        files.Succeeded();
        var html = files.Html();
        Assert.Contains("upload-test/data.bin", html);
        Assert.Contains("3 MB", html);
        Assert.Contains("1 file", html);
    }

    [Fact]
    public async Task a_large_upload_and_download_say_they_go_over_s3_in_parts_and_count_the_parts_done()
    {
        // The S3 path from 1 MiB on (the default is 64 MiB), so a 9 MiB file goes in two 8 MiB-or-less parts.
        using var s3Notebook = new Notebook(new Lyceum.Client.LyceumClient(Lyceum.Client.LyceumCredential.FromApiKey(_local.Server.ApiKey),
            new Lyceum.Client.LyceumClientOptions { Endpoint = _local.Server.BaseUrl, S3TransferThreshold = 1024 * 1024 }));
        var path = Path.Combine(_folder.FullName, "big.bin");
        await File.WriteAllBytesAsync(path, Enumerable.Range(0, 9 * 1024 * 1024).Select(i => (byte)(i % 251)).ToArray());
        var copy = Path.Combine(_folder.FullName, "big-copy.bin");

        var upload = await s3Notebook.SubmitAsync($"#!lyceum upload {path} --key s3-progress/big.bin");
        var download = await s3Notebook.SubmitAsync($"#!lyceum download s3-progress/big.bin --to {copy}");

        upload.Succeeded();
        download.Succeeded();
        foreach (var (result, verb) in new[] { (upload, "Uploaded"), (download, "Downloaded") })
        {
            var views = result.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<TransferView>().ToList();
            Assert.Contains(views, v => v.Parts == 2 && v.PartsDone < 2 && v.Verb != verb);
            var last = views[^1];
            Assert.Equal((verb, 2, 2), (last.Verb, last.Parts, last.PartsDone));
            Assert.Contains("9 MB of 9 MB (100%) · over S3 in 2 parts", result.Formatted("text/plain")[^1]);
        }
        Assert.Equal(await File.ReadAllBytesAsync(path), await File.ReadAllBytesAsync(copy));
    }

    [Fact]
    public async Task download_writes_the_file_where_asked()
    {
        var source = Path.Combine(_folder.FullName, "hello.txt");
        await File.WriteAllTextAsync(source, "hello storage");
        (await _notebook.SubmitAsync($"#!lyceum upload {source} --key download-test/hello.txt")).Succeeded();

        var target = Path.Combine(_folder.FullName, "copy.txt");
        var download = await _notebook.SubmitAsync($"#!lyceum download download-test/hello.txt --to {target}");

        download.Succeeded();
        Assert.Equal("hello storage", await File.ReadAllTextAsync(target));
        Assert.Equal("Downloaded", Assert.IsType<TransferView>(download.Events.OfType<DisplayEvent>().Last().Value).Verb);
    }

    [Fact]
    public async Task delete_removes_a_file_and_folder_removes_a_prefix()
    {
        var source = Path.Combine(_folder.FullName, "a.txt");
        await File.WriteAllTextAsync(source, "a");
        foreach (var key in new[] { "delete-test/one.txt", "delete-test/sub/two.txt", "delete-test/sub/three.txt" })
            (await _notebook.SubmitAsync($"#!lyceum upload {source} --key {key}")).Succeeded();

        (await _notebook.SubmitAsync("#!lyceum delete delete-test/one.txt")).Succeeded();
        (await _notebook.SubmitAsync("#!lyceum delete delete-test/sub/ --folder")).Succeeded();

        var files = await _notebook.SubmitAsync("#!lyceum files --prefix delete-test/");
        Assert.Contains("No files", files.Html());
    }

    [Fact]
    public async Task downloading_a_missing_key_fails_with_the_services_words()
    {
        var failed = (await _notebook.SubmitAsync($"#!lyceum download no-such/key.txt --to {_folder.FullName}/x")).Failed();
        Assert.StartsWith("No file with key 'no-such/key.txt'.", failed.Message);
        Assert.DoesNotContain("404", failed.Message);
    }

    [Fact]
    public async Task uploading_a_missing_file_fails_naming_it()
    {
        var failed = (await _notebook.SubmitAsync("#!lyceum upload /no/such/file.csv")).Failed();
        Assert.Contains("/no/such/file.csv", failed.Message);
    }

    [Fact]
    public async Task key_completions_come_from_storage()
    {
        var source = Path.Combine(_folder.FullName, "c.txt");
        await File.WriteAllTextAsync(source, "c");
        (await _notebook.SubmitAsync($"#!lyceum upload {source} --key completion-test/c.txt")).Succeeded();

        var code = "#!lyceum download ";
        var result = await _notebook.SendAsync(new Microsoft.DotNet.Interactive.Commands.RequestCompletions(code, new Microsoft.DotNet.Interactive.LinePosition(0, code.Length)));
        var completions = Assert.Single(result.Events.OfType<CompletionsProduced>());
        Assert.Contains(completions.Completions, c => c.DisplayText == "completion-test/c.txt");
    }
}
