using System.Diagnostics;
using System.Globalization;
using Lyceum.Client;

namespace Lyceum.Benchmarks;

/// <summary>1 GiB up and down on loopback through the client, against curl moving the same file to and from the same
/// server, with the client's peak working-set growth; then the same through Lyceum Local, where the client moves the
/// file over S3 in parallel parts (<c>s3_*</c>), against curl on Lyceum Local's <c>/storage/*</c>, both after a 256 MiB
/// warm-up transfer and once the JIT has finished recompiling what the warm-up made hot (steady-state speed, as a
/// transfer of many gigabytes sees).</summary>
internal sealed class TransferScenario : IBenchmarkScenario
{
    private const long Size = 1L << 30;

    /// <summary>Above the client's S3 threshold, so the warm-up goes over S3 too, in 32 parts: enough calls of the per-part
    /// code for the tiered JIT to optimize it, as it has been in any process that moved a few hundred megabytes.</summary>
    private const long WarmUpSize = 256L << 20;

    public string Name => "transfer";

    public string Description => "1 GiB upload and download vs curl on loopback (throughput ratio, goal >= 0.9; peak working-set growth, goal < 64 MB); S3 path on Lyceum Local vs curl (goal >= 0.7)";

    public async Task<IReadOnlyList<KeyValuePair<string, string>>> RunAsync(CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("lyceum-transfer-").FullName;
        try
        {
            var source = Path.Combine(dir, "big.bin");
            using (var file = File.Create(source))
                file.SetLength(Size);
            await using var server = await ClientBenchServer.StartAsync([], []);
            using var client = new LyceumClient(LyceumCredential.FromApiKey("lk_bench"), new LyceumClientOptions { Endpoint = server.BaseUrl });

            long peak = 0;
            var (upload, stored) = await MeasureAsync(() => client.Storage.UploadAsync(source, "big.bin", cancellationToken: cancellationToken), p => peak = Math.Max(peak, p));
            server.DownloadPath = source;
            server.DownloadEtag = stored.ETag;
            var (download, _) = await MeasureAsync(
                () => client.Storage.DownloadAsync("big.bin", Path.Combine(dir, "client-copy.bin"), cancellationToken: cancellationToken), p => peak = Math.Max(peak, p));
            File.Delete(Path.Combine(dir, "client-copy.bin"));

            // The same moves without the MD5 etag checks, to show what hashing costs on this machine.
            using var unchecked_ = new LyceumClient(LyceumCredential.FromApiKey("lk_bench"),
                new LyceumClientOptions { Endpoint = server.BaseUrl, VerifyChecksums = false });
            var (uploadNoCheck, _) = await MeasureAsync(() => unchecked_.Storage.UploadAsync(source, "big.bin", cancellationToken: cancellationToken), p => peak = Math.Max(peak, p));
            var (downloadNoCheck, _) = await MeasureAsync(
                () => unchecked_.Storage.DownloadAsync("big.bin", Path.Combine(dir, "client-copy.bin"), cancellationToken: cancellationToken), p => peak = Math.Max(peak, p));
            File.Delete(Path.Combine(dir, "client-copy.bin"));

            var url = server.Endpoint.AbsoluteUri;
            var curlUpload = await CurlAsync($"-s -f -o /dev/null -F key=big.bin -F file=@{source} {url}/storage/upload", cancellationToken);
            var curlDownload = await CurlAsync($"-s -f -o {Path.Combine(dir, "curl-copy.bin")} {url}/storage/download/big.bin", cancellationToken);

            // The S3 path: a real Lyceum Local, the client above its 64 MiB threshold, checksums on.
            var (local, localClient) = await LocalBench.StartAsync(1, cancellationToken);
            TimeSpan s3Upload, s3Download, localCurlUpload, localCurlDownload;
            long s3Peak = 0; // client and server share this process here

            await using (local)
            using (localClient)
            {
                // Warm-up, both ways and for curl too: the first S3 transfer of a process JIT-compiles the AWS SDK and the
                // S3 endpoint (seconds of CPU on a busy 2-core machine), which is not transfer speed.
                var warmUp = Path.Combine(dir, "warm-up.bin");
                using (var file = File.Create(warmUp))
                    file.SetLength(WarmUpSize);
                await localClient.Storage.UploadAsync(warmUp, "warm-up.bin", cancellationToken: cancellationToken);
                await localClient.Storage.DownloadAsync("warm-up.bin", Path.Combine(dir, "warm-up-copy.bin"), cancellationToken: cancellationToken);
                var localUrl = local.BaseUrl.AbsoluteUri;
                var bearer = $"-H \"Authorization: Bearer {local.ApiKey}\"";
                await CurlAsync($"-s -f -o /dev/null {bearer} -F key=warm-up-curl.bin -F file=@{warmUp} {localUrl}/storage/upload", cancellationToken);
                await LocalBench.JitSettledAsync(cancellationToken);

                (s3Upload, _) = await MeasureAsync(() => localClient.Storage.UploadAsync(source, "big.bin", cancellationToken: cancellationToken), p => s3Peak = Math.Max(s3Peak, p));
                (s3Download, _) = await MeasureAsync(
                    () => localClient.Storage.DownloadAsync("big.bin", Path.Combine(dir, "s3-copy.bin"), cancellationToken: cancellationToken), p => s3Peak = Math.Max(s3Peak, p));
                File.Delete(Path.Combine(dir, "s3-copy.bin"));
                localCurlUpload = await CurlAsync($"-s -f -o /dev/null {bearer} -F key=curl.bin -F file=@{source} {localUrl}/storage/upload", cancellationToken);
                localCurlDownload = await CurlAsync($"-s -f -o {Path.Combine(dir, "curl-local-copy.bin")} {bearer} {localUrl}/storage/download/curl.bin", cancellationToken);
            }

            double Mbps(TimeSpan t) => Size / 1e6 / t.TotalSeconds;
            return
            [
                new("upload_mbps", F(Mbps(upload))),
                new("download_mbps", F(Mbps(download))),
                new("curl_upload_mbps", F(Mbps(curlUpload))),
                new("curl_download_mbps", F(Mbps(curlDownload))),
                new("upload_ratio", F(curlUpload / upload)),
                new("download_ratio", F(curlDownload / download)),
                new("upload_nocheck_ratio", F(curlUpload / uploadNoCheck)),
                new("download_nocheck_ratio", F(curlDownload / downloadNoCheck)),
                new("s3_upload_mbps", F(Mbps(s3Upload))),
                new("s3_download_mbps", F(Mbps(s3Download))),
                new("local_curl_upload_mbps", F(Mbps(localCurlUpload))),
                new("local_curl_download_mbps", F(Mbps(localCurlDownload))),
                new("s3_upload_ratio", F(localCurlUpload / s3Upload)),
                new("s3_download_ratio", F(localCurlDownload / s3Download)),
                new("peak_ws_growth_mb", F(peak / 1048576.0)),
                new("s3_peak_ws_growth_mb", F(s3Peak / 1048576.0)),
            ];
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(TimeSpan Elapsed, T Result)> MeasureAsync<T>(Func<Task<T>> transfer, Action<long> growth)
    {
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        var baseline = process.WorkingSet64;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                process.Refresh();
                growth(process.WorkingSet64 - baseline);
                await Task.Delay(20).ConfigureAwait(false);
            }
        });
        var watch = Stopwatch.StartNew();
        var result = await transfer();
        var elapsed = watch.Elapsed;
        done.Cancel();
        await sampler;
        return (elapsed, result);
    }

    private static async Task<TimeSpan> CurlAsync(string arguments, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var curl = Process.Start(new ProcessStartInfo("curl", arguments) { RedirectStandardError = true })
            ?? throw new InvalidOperationException("curl could not be started");
        var stderr = curl.StandardError.ReadToEndAsync(cancellationToken);
        await curl.WaitForExitAsync(cancellationToken);
        if (curl.ExitCode != 0)
            throw new InvalidOperationException($"curl {arguments} failed ({curl.ExitCode}): {await stderr}");
        return watch.Elapsed;
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
