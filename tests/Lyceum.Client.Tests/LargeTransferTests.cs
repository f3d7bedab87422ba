using System.Diagnostics;
using Xunit.Abstractions;
using Lyceum.Client.Tests.Infrastructure;

namespace Lyceum.Client.Tests;

[CollectionDefinition(nameof(LargeTransferTests), DisableParallelization = true)]
public sealed class LargeTransferCollection;

/// <summary>1 GiB each way, alone (memory is measured for the whole process).</summary>
[Collection(nameof(LargeTransferTests))]
public sealed class LargeTransferTests(ITestOutputHelper output) : IDisposable
{
    private const long OneGiB = 1L << 30;
    private const long MemoryBudget = 64L << 20;
    private readonly string _dir = Directory.CreateTempSubdirectory("lyceum-large-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task one_gib_upload_and_download_stream_in_bounded_memory_with_progress()
    {
        var source = Path.Combine(_dir, "big.bin");
        using (var file = File.Create(source))
        {
            // Sparse: instant to make, reads back as zeros; a marker at each end proves the edges arrive.
            file.SetLength(OneGiB);
            file.Write("start"u8);
            file.Seek(-3, SeekOrigin.End);
            file.Write("end"u8);
        }

        await using var server = await ScriptedServer.StartAsync();
        var received = new List<StorageScript.Received>();
        server.On("POST", "/storage/upload", StorageScript.Upload(received));
        using var client = server.CreateClient();
        var uploads = new List<TransferProgress>();
        var downloads = new List<TransferProgress>();

        var (stored, uploadGrowth) = await MeasureAsync(sample => client.Storage.UploadAsync(source, "big.bin",
            new SynchronousProgress<TransferProgress>(p => { uploads.Add(p); sample(); })));
        server.On("GET", "/storage/download/big.bin", StorageScript.Download(source, etag: stored.ETag));
        var destination = Path.Combine(_dir, "copy.bin");
        var (fetched, downloadGrowth) = await MeasureAsync(sample => client.Storage.DownloadAsync("big.bin", destination,
            new SynchronousProgress<TransferProgress>(p => { downloads.Add(p); sample(); })));

        Assert.Equal(OneGiB, Assert.Single(received).Size);
        Assert.Equal(OneGiB, stored.Size);
        Assert.Equal(OneGiB, fetched.Size);
        Assert.Equal(OneGiB, new FileInfo(destination).Length);
        Assert.Equal(stored.ETag, fetched.ETag);
        foreach (var reports in new[] { uploads, downloads })
        {
            Assert.True(reports.Count > 100, $"only {reports.Count} progress reports");
            Assert.Equal(new TransferProgress(OneGiB, OneGiB), reports[^1]);
            Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.BytesTransferred <= p.Second.BytesTransferred));
        }

        output.WriteLine($"peak memory growth: upload {uploadGrowth >> 20} MB, download {downloadGrowth >> 20} MB");
        Assert.True(uploadGrowth < MemoryBudget, $"upload grew memory by {uploadGrowth >> 20} MB");
        Assert.True(downloadGrowth < MemoryBudget, $"download grew memory by {downloadGrowth >> 20} MB");
    }

    /// <summary>Runs a transfer that samples the process's working set and managed heap at each progress report (once
    /// per MiB); returns the larger peak growth.</summary>
    private static async Task<(T Result, long Growth)> MeasureAsync<T>(Func<Action, Task<T>> transfer)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        var baseWorkingSet = process.WorkingSet64;
        var baseHeap = GC.GetTotalMemory(forceFullCollection: false);
        long peak = 0;
        void Sample()
        {
            process.Refresh();
            peak = Math.Max(peak, Math.Max(process.WorkingSet64 - baseWorkingSet, GC.GetTotalMemory(false) - baseHeap));
        }

        var result = await transfer(Sample);
        Sample();
        return (result, peak);
    }
}
