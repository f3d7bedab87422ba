using System.Text;
using System.Text.Json;
using Lyceum.Client;
using Lyceum.Interactive.Tests.Infrastructure;
using Lyceum.Interactive.Tests.Prelude;
using Lyceum.Local;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests;

/// <summary><c>--storage</c> cells through the whole path: the kernel fetches temporary credentials, the run on Lyceum Local
/// (Debian's interpreter with python3-boto3) writes to the bucket with <c>lyceum.s3()</c>, and the notebook reads it back.</summary>
public sealed class StorageCellTests : IAsyncLifetime
{
    private readonly CredentialRecorder _recorder = new();
    private LyceumLocalServer? _server;
    private LyceumClient? _client;
    private Notebook? _notebook;

    public async Task InitializeAsync()
    {
        Formatter.ResetToDefault();
        _server = await LyceumLocalServer.StartAsync(new LyceumLocalOptions { Python = LocalPython.Debian, RateLimits = false });
        _client = new LyceumClient(LyceumCredential.FromApiKey(_server.ApiKey), new LyceumClientOptions { Endpoint = _server.BaseUrl, Transport = _recorder });
        _notebook = new Notebook(_client);
    }

    public async Task DisposeAsync()
    {
        _notebook?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
        _recorder.Dispose();
    }

    [Boto3Fact]
    public async Task a_storage_cell_writes_with_boto3_what_the_notebook_reads_back_and_its_secret_shows_nowhere()
    {
        var cell = await _notebook!.SubmitAsync("""
            #!lyceum-python --storage
            import os
            s3 = lyceum.s3()
            s3.put_object(Bucket=lyceum.bucket(), Key="from-cell/hello.txt", Body=b"written by boto3 in a cell")
            print("stored", [o["Key"] for o in s3.list_objects_v2(Bucket=lyceum.bucket(), Prefix="from-cell/")["Contents"]])
            """);
        var files = await _notebook.SubmitAsync("#!lyceum files --prefix from-cell/");

        cell.Succeeded();
        Assert.Contains("stored ['from-cell/hello.txt']", cell.Stdout());
        // The card says the cell had storage access, and until when; never the credentials.
        Assert.Contains(cell.Formatted("text/plain"), text => System.Text.RegularExpressions.Regex.IsMatch(text,
            @"^Lyceum #!lyceum-python cell 1: completed .*\nStorage access: bucket lyceum-\S+, credentials until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC"));
        files.Succeeded();
        Assert.Contains("from-cell/hello.txt", string.Join("\n", files.Formatted("text/plain")));
        using var read = new MemoryStream();
        await _client!.Storage.DownloadToAsync("from-cell/hello.txt", read);
        Assert.Equal("written by boto3 in a cell", Encoding.UTF8.GetString(read.ToArray()));

        var (secret, token) = Assert.Single(_recorder.Handed);
        var record = await _client.Executions.GetAsync(LastRunId(cell));
        foreach (var hidden in new[] { secret, token })
        {
            Assert.DoesNotContain(cell.Visible(), v => v.Contains(hidden, StringComparison.Ordinal));
            Assert.DoesNotContain(hidden, JsonSerializer.Serialize(record));
            Assert.Empty(FilesHolding(_server!.DataDirectory, hidden));
        }
    }

    [Boto3Fact]
    public async Task a_kernel_connected_with_storage_gives_every_cell_the_bucket_and_other_kernels_cells_do_not_get_it()
    {
        var connect = await _notebook!.SubmitAsync("#!connect lyceum --kernel-name data --storage");
        var granted = await _notebook.SubmitAsync("#!data\nprint(lyceum.bucket() == lyceum.s3().list_buckets()['Buckets'][0]['Name'])");
        var other = await _notebook.SubmitAsync("#!lyceum-python\nlyceum.bucket()");

        connect.Succeeded();
        granted.Succeeded();
        Assert.Contains("True", granted.Stdout());
        Assert.Contains("start the cell with #!lyceum-python --storage", other.Failed().Message + other.Stderr());
        Assert.Single(_recorder.Handed);
    }

    private static string LastRunId(Microsoft.DotNet.Interactive.KernelCommandResult result) =>
        result.Events.OfType<Microsoft.DotNet.Interactive.Events.DisplayEvent>().Select(e => e.Value).OfType<Lyceum.Interactive.Formatting.RunCard>().Last().ExecutionId!;

    // Every file of the server's data folder whose bytes contain the text: the database, run folders, logs.
    private static IEnumerable<string> FilesHolding(string folder, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(path => File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0)
            .ToList();
    }
}
