using System.Text.Json;
using Lyceum.Client.Tests.Infrastructure;

namespace Lyceum.Client.Tests;

public sealed partial class EndpointTests
{
    [Fact]
    public async Task start_python_sends_the_documented_body_and_returns_the_run()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("POST", "/execution/streaming/start",
            """{"execution_id":"ex1","status":"queued","streaming_url":"wss://stream.example/ex1","pythia_decision":{"machine":"cpu"},"extra":1}""");
        using var client = server.CreateClient();

        var started = await client.Executions.StartPythonAsync(new PythonRunRequest("print(1)")
        {
            ExecutionType = "gpu.a100",
            Timeout = 120,
            RequirementsContent = "numpy==2.0\n",
            PriorImports = ["import os"],
            ImportFiles = new Dictionary<string, string> { ["lib/util.py"] = "X = 1\n" },
            FileName = "cell1",
            NbCode = 1,
        });

        Assert.Equal(new ExecutionStarted("ex1", "queued", new Uri("wss://stream.example/ex1")) { PythiaDecision = started.PythiaDecision }, started);
        Assert.Contains("cpu", started.PythiaDecision, StringComparison.Ordinal);
        var body = Body(server, "POST", "/execution/streaming/start");
        Assert.Equal("print(1)", body.GetProperty("code").GetString());
        Assert.Equal(1, body.GetProperty("nbcode").GetInt32());
        Assert.Equal("gpu.a100", body.GetProperty("execution_type").GetString());
        Assert.Equal(120, body.GetProperty("timeout").GetInt32());
        Assert.Equal("numpy==2.0\n", body.GetProperty("requirements_content").GetString());
        Assert.Equal("import os", body.GetProperty("prior_imports")[0].GetString());
        Assert.Equal("cell1", body.GetProperty("file_name").GetString());
        // import_files travels as a JSON string, not an object.
        var files = body.GetProperty("import_files").GetString()!;
        Assert.Equal("X = 1\n", JsonDocument.Parse(files).RootElement.GetProperty("lib/util.py").GetString());
    }

    [Fact]
    public async Task start_image_sends_environment_as_lines_and_registry_fields()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("POST", "/execution/image/start", """{"execution_id":"im1","status":"pending","streaming_url":"/api/v2/external/execution/streaming/im1"}""");
        using var client = server.CreateClient();

        var started = await client.Executions.StartImageAsync(new ImageRunRequest("python:3.12-slim")
        {
            DockerRunCmd = ["python", "-c", "print(2)"],
            Environment = new Dictionary<string, string> { ["A"] = "1", ["B"] = "two" },
            EnableS3Mount = false,
            DockerRegistryCredentialType = "basic",
            DockerUsername = "me",
            DockerPassword = "hunter2",
        });

        Assert.Equal(new Uri(server.Endpoint, "/api/v2/external/execution/streaming/im1"), started.StreamingUrl);
        var body = Body(server, "POST", "/execution/image/start");
        Assert.Equal("python:3.12-slim", body.GetProperty("docker_image_ref").GetString());
        Assert.Equal(["python", "-c", "print(2)"], body.GetProperty("docker_run_cmd").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("A=1\nB=two", body.GetProperty("docker_run_env").GetString());
        Assert.False(body.GetProperty("enable_s3_mount").GetBoolean());
        Assert.Equal("basic", body.GetProperty("docker_registry_credential_type").GetString());
        Assert.DoesNotContain("hunter2", new ImageRunRequest("x") { DockerPassword = "hunter2" }.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("execution/streaming/ex1", "/api/v2/external/execution/streaming/ex1")]
    [InlineData("/api/v2/external/execution/streaming/ex1", "/api/v2/external/execution/streaming/ex1")]
    [InlineData("", "/api/v2/external/execution/streaming/ex1")]
    public async Task relative_or_missing_streaming_url_resolves_against_the_endpoint(string given, string expectedPath)
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("POST", "/execution/streaming/start", $$"""{"execution_id":"ex1","status":"queued","streaming_url":"{{given}}"}""");
        using var client = server.CreateClient();

        var started = await client.Executions.StartPythonAsync(new PythonRunRequest("x"));

        Assert.Equal(new Uri(server.BaseUrl, expectedPath), started.StreamingUrl);
    }

    [Fact]
    public async Task status_abort_complete_workloads_and_record_reach_their_paths()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/execution/streaming/ex1/status", """{"execution_id":"ex1","status":"failed_user","errors":["line 1","line 2"],"cost":"0.25"}""");
        server.OnJson("POST", "/execution/streaming/abort/ex1", """{"execution_id":"ex1","status":"aborted","message":"Aborted"}""");
        server.OnJson("POST", "/execution/streaming/complete/ex1", """{"message":"ok"}""");
        server.OnJson("GET", "/workloads/list", """[{"execution_id":"ex2","status":"running","file_name":"a.py","hardware_profile":"cpu","created_at":"2026-11-28T10:00:00Z"}]""");
        server.OnJson("POST", "/workloads/abort/ex2", """{"message":"aborted"}""");
        server.OnJson("GET", "/execution/ex1",
            """{"execution_id":"ex1","status":"completed","execution_type":"cpu","created_at":"2026-11-28 10:00:00","execution_time":1.5,"cost":0.01,"output":"hi\n","return_code":0}""");
        using var client = server.CreateClient();

        var status = await client.Executions.GetStatusAsync("ex1");
        var aborted = await client.Executions.AbortAsync("ex1");
        await client.Executions.CompleteAsync("ex1");
        var workloads = await client.Executions.ListWorkloadsAsync();
        await client.Executions.AbortWorkloadAsync("ex2");
        var record = await client.Executions.GetAsync("ex1");

        Assert.Equal("failed_user", status.Status);
        Assert.Equal("line 1line 2", status.Errors);
        Assert.Equal(0.25m, status.Cost);
        Assert.True(status.IsTerminal);
        Assert.Equal("aborted", aborted.Status);
        Assert.Single(server.RequestsTo("POST", "/execution/streaming/complete/ex1"));
        Assert.Equal(new Workload("ex2", "running", "a.py", "cpu", new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero)), Assert.Single(workloads));
        Assert.Single(server.RequestsTo("POST", "/workloads/abort/ex2"));
        Assert.Equal("hi\n", record.Output);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero), record.CreatedAt);
        Assert.Equal(0.01m, record.Cost);
        Assert.Equal(0, record.ReturnCode);
    }

    [Fact]
    public async Task run_async_starts_streams_and_collects_the_result()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.On("POST", "/execution/streaming/start", ctx => ScriptedServer.Reply(ctx, 200,
            $$"""{"execution_id":"ex1","status":"queued","streaming_url":"{{StreamTests.Started(server, "sse").StreamingUrl}}"}"""));
        server.On("GET", "/execution/streaming/ex1", ctx => StreamPlayer.PlayAsync(ctx,
        [
            """{"output":{"content":"out"},"seq":1}""",
            """{"output":{"content":"err"},"seq":2,"stream":"stderr"}""",
            """{"jobFinished":{"job":{"result":{"returnCode":"0"}}},"seq":3}""",
        ]));
        using var client = server.CreateClient();
        var seen = new List<ExecutionEvent>();

        var result = await client.RunAsync(new PythonRunRequest("print('out')"), new SynchronousProgress<ExecutionEvent>(seen.Add));

        Assert.Equal("ex1", result.ExecutionId);
        Assert.Equal("out", result.Stdout);
        Assert.Equal("err", result.Stderr);
        Assert.True(result.Succeeded);
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public async Task run_async_cancelled_aborts_the_run_on_the_service()
    {
        await using var server = await ScriptedServer.StartAsync();
        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.On("POST", "/execution/streaming/start", ctx => ScriptedServer.Reply(ctx, 200,
            $$"""{"execution_id":"ex1","status":"queued","streaming_url":"{{StreamTests.Started(server, "sse").StreamingUrl}}"}"""));
        server.On("GET", "/execution/streaming/ex1", ctx => StreamPlayer.PlayAndHoldAsync(ctx, ["""{"output":{"content":"tick"},"seq":1}"""], gone));
        server.OnJson("POST", "/execution/streaming/abort/ex1", """{"execution_id":"ex1","status":"aborted"}""");
        using var client = server.CreateClient();
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.RunAsync(new PythonRunRequest("while True: pass"), new SynchronousProgress<ExecutionEvent>(_ => cancel.Cancel()), cancel.Token));

        Assert.Single(server.RequestsTo("POST", "/execution/streaming/abort/ex1"));
        await gone.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
