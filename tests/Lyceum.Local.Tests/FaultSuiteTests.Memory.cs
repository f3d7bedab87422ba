using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed partial class FaultSuiteTests
{
    private const long Mib = 1024 * 1024;

    [Fact]
    public async Task a_run_printing_100_mb_grows_the_server_by_less_than_64_mb_with_its_stream_and_record_read()
    {
        using var child = await ChildServer.StartAsync(_data, "--api-key", Key, "--log-level", "warning");
        using var http = child.Client(Key);
        await RunAndReadAllAsync(http, "print('warm-up')");
        var before = ProcStatus(child.Pid, "VmRSS");

        long afterStream = 0;
        var (streamed, record) = await RunAndReadAllAsync(http, "import sys\nline = 'x' * 1023 + '\\n'\nfor _ in range(100 * 1024):\n    sys.stdout.write(line)",
            () => afterStream = ProcStatus(child.Pid, "VmHWM") - before);

        var growth = ProcStatus(child.Pid, "VmHWM") - before;
        Assert.True(streamed >= 100 * Mib, $"only {streamed} bytes of output were streamed");
        Assert.True(record >= 100 * Mib, $"the record held only {record} bytes");
        Assert.True(growth < 64 * Mib, $"the server grew by {growth / Mib} MB (peak; {afterStream / Mib} MB after the stream, before the record) for a 100 MB output");
    }

    /// <summary>Runs the code, reads its whole stream and then its record; the bytes of output streamed and of the record.</summary>
    private static async Task<(long Streamed, long Record)> RunAndReadAllAsync(HttpClient http, string code, Action? streamed = null)
    {
        var start = await TestServer.JsonAsync(await http.PostAsync("execution/streaming/start", Json(JsonSerializer.Serialize(new { code, timeout = 600 }))));
        using (var request = new HttpRequestMessage(HttpMethod.Get, TestServer.HttpUrl(start.GetProperty("streaming_url").GetString()!)))
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            long bytes = 0;
            await foreach (var item in SseParser.Create(body, (_, data) => data.Length).EnumerateAsync())
                bytes += item.Data;
            streamed?.Invoke();
            using var recordResponse = await http.GetAsync($"execution/{start.GetProperty("execution_id").GetString()}", HttpCompletionOption.ResponseHeadersRead);
            await using var recordBody = await recordResponse.Content.ReadAsStreamAsync();
            var counter = new CountingStream();
            await recordBody.CopyToAsync(counter);
            return (bytes, counter.Length);
        }
    }

    /// <summary>A field of /proc/PID/status in bytes (VmRSS: resident now; VmHWM: the peak so far).</summary>
    private static long ProcStatus(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
