using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Text.Json;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed partial class RunTests
{
    private const string TenThousandLines = "for i in range(10000):\n    print(f'line {i}')\n";

    [Fact]
    public async Task a_run_printing_ten_thousand_lines_streams_every_line_once_and_in_order_over_sse()
    {
        await using var server = await TestServer.StartAsync();
        var (_, messages) = await server.RunAsync(new { code = TenThousandLines });

        AssertTenThousandLines(messages);
    }

    [Fact]
    public async Task a_run_printing_ten_thousand_lines_streams_every_line_once_and_in_order_over_websocket()
    {
        await using var server = await TestServer.StartAsync();
        var (_, url) = await server.StartRunAsync(new { code = TenThousandLines });
        Assert.StartsWith("ws://", url);

        AssertTenThousandLines(await TestServer.ReadWebSocketAsync(url));
    }

    [Fact]
    public async Task streaming_url_is_http_when_started_with_stream_sse()
    {
        await using var server = await TestServer.StartAsync(o => o.Stream = "sse");
        var (_, url) = await server.StartRunAsync(new { code = "print('hi')" });

        Assert.StartsWith("http://", url);
        Assert.Equal("hi\n", Wire.Text(await TestServer.ReadSseAsync(url)));
    }

    [Fact]
    public async Task stdout_and_stderr_keep_their_interleaving_and_their_stream_names()
    {
        await using var server = await TestServer.StartAsync();
        var (_, messages) = await server.RunAsync(new
        {
            // Each write waits until the server has read it (its pipe holds no unread byte) before the next is made: the
            // order the server saw is then the order written, whatever the machine's load. No clock is involved.
            code = """
                import fcntl, select, struct, sys, termios
                def write_and_wait_until_read(stream, text):
                    stream.write(text)
                    stream.flush()
                    while struct.unpack('i', fcntl.ioctl(stream.fileno(), termios.FIONREAD, bytes(4)))[0] > 0:
                        select.select([], [], [], 0.001)
                for i in range(5):
                    write_and_wait_until_read(sys.stdout, f'out {i}\n')
                    write_and_wait_until_read(sys.stderr, f'err {i}\n')
                """,
        });

        var sequence = messages.Where(m => m.TryGetProperty("output", out _))
            .Select(m => (m.GetProperty("stream").GetString()!, m.GetProperty("output").GetProperty("content").GetString()!.Trim()))
            .ToList();
        var expected = Enumerable.Range(0, 5).SelectMany(i => new[] { ("stdout", $"out {i}"), ("stderr", $"err {i}") }).ToList();
        Assert.Equal(expected, sequence.Where(s => s.Item2.Length > 0).ToList());
    }

    [Fact]
    public async Task a_print_followed_at_once_by_a_traceback_arrives_in_the_order_written()
    {
        await using var server = await TestServer.StartAsync();
        var (_, messages) = await server.RunAsync(new { code = "for i in range(3):\n    print(f'step {i}')\nraise ValueError('boom')\n" });

        var streams = messages.Where(m => m.TryGetProperty("output", out _)).Select(m => m.GetProperty("stream").GetString()).ToList();
        var text = string.Concat(messages.Where(m => m.TryGetProperty("output", out _)).Select(m => m.GetProperty("output").GetProperty("content").GetString()));
        Assert.Equal(streams.OrderBy(s => s == "stderr").ToList(), streams);
        Assert.StartsWith("step 0\nstep 1\nstep 2\nTraceback", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task output_arrives_without_waiting_for_a_newline()
    {
        await using var server = await TestServer.StartAsync();
        var (_, url) = await server.StartRunAsync(new { code = "import sys, time\nsys.stdout.write('no newline yet')\nsys.stdout.flush()\ntime.sleep(30)\n" });

        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, TestServer.HttpUrl(url));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(body).EnumerateAsync(cts.Token))
        {
            Assert.Equal("no newline yet", JsonDocument.Parse(item.Data).RootElement.GetProperty("output").GetProperty("content").GetString());
            break;
        }
    }

    [Fact]
    public async Task a_non_zero_exit_ends_the_run_failed_user_with_its_return_code()
    {
        await using var server = await TestServer.StartAsync();
        var (id, messages) = await server.RunAsync(new { code = "import sys\nprint('bye')\nsys.exit(3)" });

        Assert.Equal("failed_user", Wire.Status(messages));
        Assert.Equal("3", Wire.ReturnCode(messages));
        var status = await server.GetJsonAsync($"execution/streaming/{id}/status");
        Assert.Equal("failed_user", status.GetProperty("status").GetString());
        Assert.Equal(3, status.GetProperty("return_code").GetInt32());
    }

    [Fact]
    public async Task an_exception_in_the_code_shows_its_traceback_on_stderr()
    {
        await using var server = await TestServer.StartAsync();
        var (_, messages) = await server.RunAsync(new { code = "raise ValueError('broken on purpose')" });

        Assert.Equal("failed_user", Wire.Status(messages));
        Assert.Contains("ValueError: broken on purpose", Wire.Text(messages, "stderr"));
    }

    [Fact]
    public async Task a_missing_interpreter_ends_the_run_as_a_platform_failure_with_the_reason()
    {
        await using var server = await TestServer.StartAsync(o => o.Python = "/nonexistent/python3");

        var (_, messages) = await server.RunAsync(new { code = "print(1)" });

        Assert.Equal("system_failure", Wire.Status(messages));
        var error = Wire.Terminal(messages).GetProperty("jobFinished").GetProperty("job").GetProperty("result").GetProperty("error").GetString();
        Assert.Contains("/nonexistent/python3", error);
    }

    [Fact]
    public async Task a_run_past_its_timeout_is_killed_with_status_timeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(o => o.TimeProvider = time);
        var (id, stream) = await server.StartUnderWayAsync("import time\ntime.sleep(60)\nprint('never')", extra: new { timeout = 1 });

        time.Advance(TimeSpan.FromSeconds(2));

        var messages = await stream.Completion;

        Assert.Equal("timeout", Wire.Status(messages));
        Assert.DoesNotContain("never", Wire.Text(messages));
        var status = await server.GetJsonAsync($"execution/streaming/{id}/status");
        Assert.Contains("timeout", status.GetProperty("errors").GetString());
    }

    [Fact]
    public async Task abort_kills_the_whole_process_tree_and_marks_the_run_aborted()
    {
        await using var server = await TestServer.StartAsync();
        var (id, url) = await server.StartRunAsync(new
        {
            code = "import subprocess, time\np = subprocess.Popen(['sleep', '300'])\nopen('child.pid', 'w').write(str(p.pid))\nprint('child started', flush=True)\ntime.sleep(300)\n",
        });
        var stream = RunStream.Open(url);
        await stream.WaitForAsync("child started");
        var childPid = int.Parse(await File.ReadAllTextAsync(Path.Combine(server.Server.DataDirectory, "runs", id, "work", "child.pid")));

        var abort = await server.Http.PostAsync($"execution/streaming/abort/{id}", null);
        var answer = await TestServer.JsonAsync(abort);

        Assert.Equal(HttpStatusCode.OK, abort.StatusCode);
        Assert.Equal("aborted", answer.GetProperty("status").GetString());
        var messages = await stream.Completion;
        Assert.Equal("aborted", Wire.Status(messages));
        // The group is killed before the run ends, but the child's exit can land a moment after the stream's last
        // message: wait for the exit itself (pidfd), never a fixed time.
        Assert.True(await ProcessExit.WaitAsync(childPid, TimeSpan.FromSeconds(30)), "the run's child process survived the abort");
    }

    [Fact]
    public async Task workloads_list_shows_live_runs_and_workloads_abort_stops_them()
    {
        await using var server = await TestServer.StartAsync();
        var (id, stream) = await server.StartUnderWayAsync("import time\ntime.sleep(300)");

        var live = await server.GetJsonAsync("workloads/list");
        Assert.Contains(live.EnumerateArray(), w => w.GetProperty("execution_id").GetString() == id && w.GetProperty("hardware_profile").GetString() == "cpu");

        var abort = await server.Http.PostAsync($"workloads/abort/{id}", null);
        Assert.Equal(HttpStatusCode.OK, abort.StatusCode);
        Assert.Equal("aborted", Wire.Status(await stream.Completion));
        Assert.Empty((await server.GetJsonAsync("workloads/list")).EnumerateArray());
        await Wire.AssertErrorAsync(await server.Http.PostAsync($"workloads/abort/{id}", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_run_aborted_while_queued_never_starts_and_costs_nothing()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxConcurrency = 1);
        await server.StartUnderWayAsync("import time\ntime.sleep(300)");
        var (queued, url) = await server.StartRunAsync(new { code = "print('should not run')" });
        Assert.Equal("queued", (await server.GetJsonAsync($"execution/streaming/{queued}/status")).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await server.Http.PostAsync($"execution/streaming/abort/{queued}", null)).StatusCode);

        var messages = await TestServer.ReadSseAsync(url);
        Assert.Equal("aborted", Wire.Status(messages));
        Assert.Equal("", Wire.Text(messages));
        var status = await server.GetJsonAsync($"execution/streaming/{queued}/status");
        Assert.Equal(0m, status.GetProperty("cost").GetDecimal());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("start_time").ValueKind);
        await Wire.AssertErrorAsync(await server.Http.PostAsync($"execution/streaming/abort/{queued}", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task a_run_that_waited_queued_says_so_at_start_and_its_stream_says_when_it_runs()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxConcurrency = 1);
        var start = await server.PostJsonAsync("execution/streaming/start", new { code = "import time\nprint('first', flush=True)\ntime.sleep(300)" });
        var first = await TestServer.JsonAsync(start);
        Assert.Equal("running", first.GetProperty("status").GetString());
        var stream = RunStream.Open(first.GetProperty("streaming_url").GetString()!);
        await stream.WaitForAsync("first");
        var (queued, url) = await server.StartRunAsync(new { code = "print('second')" });
        Assert.Equal("queued", (await server.GetJsonAsync($"execution/streaming/{queued}/status")).GetProperty("status").GetString());

        await server.Http.PostAsync($"execution/streaming/abort/{first.GetProperty("execution_id").GetString()}", null);
        var messages = await TestServer.ReadSseAsync(url);

        Assert.Equal("running", messages[0].GetProperty("status").GetString());
        Assert.Equal("status", messages[0].GetProperty("type").GetString());
        Wire.AssertSeqContiguous(messages);
        Assert.Equal("second\n", Wire.Text(messages));
        Assert.Equal("completed", Wire.Status(messages));
    }

    [Fact]
    public async Task complete_marks_a_live_run_completed()
    {
        await using var server = await TestServer.StartAsync();
        var (id, stream) = await server.StartUnderWayAsync("import time\ntime.sleep(300)");

        var complete = await server.Http.PostAsync($"execution/streaming/complete/{id}", null);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal("completed", Wire.Status(await stream.Completion));
    }

    [Fact]
    public async Task import_files_prior_imports_and_file_name_shape_the_run_folder()
    {
        await using var server = await TestServer.StartAsync();
        var files = JsonSerializer.Serialize(new Dictionary<string, string> { ["pkg/helper.py"] = "def shout(s):\n    return s.upper()\n", ["pkg/__init__.py"] = "" });
        var (_, messages) = await server.RunAsync(new
        {
            code = "print(shout('hello'), os.path.basename(__file__))",
            prior_imports = new[] { "import os", "from pkg.helper import shout" },
            import_files = files,
            file_name = "job.py",
        });

        Assert.Equal("completed", Wire.Status(messages));
        Assert.Equal("HELLO job.py\n", Wire.Text(messages));
    }

    [Fact]
    public async Task the_execution_record_holds_status_timings_cost_and_output()
    {
        await using var server = await TestServer.StartAsync();
        var (id, _) = await server.RunAsync(new { code = "print('recorded')" });

        var record = await server.GetJsonAsync($"execution/{id}");

        Assert.Equal("completed", record.GetProperty("status").GetString());
        Assert.Equal("recorded\n", record.GetProperty("output").GetString());
        Assert.True(record.GetProperty("cost").GetDecimal() > 0);
        Assert.NotEqual(JsonValueKind.Null, record.GetProperty("start_time").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, record.GetProperty("end_time").ValueKind);
        Assert.True(File.Exists(Path.Combine(server.Server.DataDirectory, "runs", id, "output.jsonl")), "no per-run log on disk");
    }

    private static void AssertTenThousandLines(List<JsonElement> messages)
    {
        Assert.Equal("completed", Wire.Status(messages));
        Assert.Equal("0", Wire.ReturnCode(messages));
        Wire.AssertSeqContiguous(messages);
        var expected = string.Concat(Enumerable.Range(0, 10000).Select(i => $"line {i}\n"));
        Assert.Equal(expected, Wire.Text(messages));
        Assert.All(messages.SkipLast(1), m => Assert.Equal("stdout", m.GetProperty("stream").GetString()));
    }
}
