using System.Text;
using System.Text.Json;
using Lyceum.Client.Http;
using Lyceum.Client.Json;
using Lyceum.Client.Streaming;

namespace Lyceum.Client;

/// <summary>Starting, watching and stopping runs. Get it from <see cref="LyceumClient.Executions"/>.</summary>
public sealed partial class ExecutionsClient
{
    private readonly LyceumPipeline _pipeline;

    internal ExecutionsClient(LyceumPipeline pipeline) => _pipeline = pipeline;

    /// <summary>Starts a Python run. Errors (bad code field, no credits, unknown machine) surface here.</summary>
    public Task<ExecutionStarted> StartPythonAsync(PythonRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Code, nameof(request.Code));
        var body = new PythonRunBody(request.Code, request.NbCode, request.ExecutionType, request.Timeout, request.RequirementsContent,
            request.PriorImports, request.ImportFiles is { Count: > 0 } files ? ImportFilesJson(files) : null, request.FileName);
        return StartAsync("execution/streaming/start", LyceumPipeline.Json(body, LyceumJsonContext.Default.PythonRunBody), cancellationToken);
    }

    /// <summary>Starts a Docker image run.</summary>
    public Task<ExecutionStarted> StartImageAsync(ImageRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.DockerImageRef, nameof(request.DockerImageRef));
        var env = request.Environment is { Count: > 0 } vars ? string.Join('\n', vars.Select(kv => $"{kv.Key}={kv.Value}")) : null;
        var body = new ImageRunBody(request.DockerImageRef, request.DockerRunCmd, env, request.ExecutionType, request.Timeout, request.FileName,
            request.EnableS3Mount, request.DockerRegistryCredentialType, request.DockerUsername, request.DockerPassword, request.AwsAccessKeyId,
            request.AwsSecretAccessKey, request.AwsSessionToken, request.AwsRegion);
        return StartAsync("execution/image/start", LyceumPipeline.Json(body, LyceumJsonContext.Default.ImageRunBody), cancellationToken);
    }

    /// <summary>A run's current state.</summary>
    public Task<ExecutionStatus> GetStatusAsync(string executionId, CancellationToken cancellationToken = default) =>
        StatusAsync(executionId, null, cancellationToken);

    /// <summary>The status, asked once: the stream reader keeps its own schedule of checks and reconnects.</summary>
    internal Task<ExecutionStatus> GetStatusOnceAsync(string executionId, CancellationToken cancellationToken) =>
        StatusAsync(executionId, RetryMode.Never, cancellationToken);

    /// <summary>Stops a run hard and returns its state afterwards.</summary>
    public async Task<ExecutionStatus> AbortAsync(string executionId, CancellationToken cancellationToken = default)
    {
        var wire = await _pipeline.SendAsync(HttpMethod.Post, $"execution/streaming/abort/{PathSegment.Escape(executionId, nameof(executionId))}", null,
            LyceumJsonContext.Default.ExecutionStatusWire, cancellationToken, RetryMode.Idempotent).ConfigureAwait(false);
        return ToStatus(wire with { Status = wire.Status ?? ExecutionStates.Aborted }, executionId);
    }

    /// <summary>Marks a run completed (client-side completion).</summary>
    public Task CompleteAsync(string executionId, CancellationToken cancellationToken = default) =>
        _pipeline.SendAsync(HttpMethod.Post, $"execution/streaming/complete/{PathSegment.Escape(executionId, nameof(executionId))}", null,
            cancellationToken, RetryMode.Idempotent);

    /// <summary>The account's live runs.</summary>
    public async Task<IReadOnlyList<Workload>> ListWorkloadsAsync(CancellationToken cancellationToken = default) =>
        await _pipeline.SendAsync(HttpMethod.Get, "workloads/list", null, LyceumJsonContext.Default.ListWorkload, cancellationToken).ConfigureAwait(false);

    /// <summary>Stops a live run through the workloads endpoint (404 when unknown or already stopped).</summary>
    public Task AbortWorkloadAsync(string executionId, CancellationToken cancellationToken = default) =>
        _pipeline.SendAsync(HttpMethod.Post, $"workloads/abort/{PathSegment.Escape(executionId, nameof(executionId))}", null, cancellationToken, RetryMode.Idempotent);

    /// <summary>The whole record of a run: state, timings, cost, output.</summary>
    public async Task<ExecutionRecord> GetAsync(string executionId, CancellationToken cancellationToken = default)
    {
        var w = await _pipeline.SendAsync(HttpMethod.Get, $"execution/{PathSegment.Escape(executionId, nameof(executionId))}", null,
            LyceumJsonContext.Default.ExecutionRecordWire, cancellationToken).ConfigureAwait(false);
        return new ExecutionRecord(w.ExecutionId ?? w.Id ?? executionId, w.Status ?? "unknown")
        {
            ExecutionType = w.ExecutionType,
            HardwareProfile = w.HardwareProfile,
            FileName = w.FileName,
            CreatedAt = w.CreatedAt,
            StartTime = w.StartTime,
            EndTime = w.EndTime,
            ExecutionTime = w.ExecutionTime,
            // billed is the amount in history entries but a flag (was it charged) in some records.
            Cost = w.Cost ?? (w.Billed is { ValueKind: JsonValueKind.Number } billed ? billed.GetDecimal() : null),
            ReturnCode = w.ReturnCode,
            Errors = TextOf(w.Errors),
            Output = TextOf(w.Output) ?? (w.Stdout is null && w.Stderr is null ? null : w.Stdout + w.Stderr),
            Stdout = w.Stdout,
            Stderr = w.Stderr,
        };
    }

    /// <summary>The run's output as typed events, ending with exactly one <see cref="ExecutionFinished"/>. The stream
    /// survives the network for as long as the run lives: a broken or dead-silent connection is resumed after the last
    /// sequence number (announced by <see cref="ExecutionReconnecting"/> and <see cref="ExecutionReconnected"/>), a
    /// quiet run is never cut, and where the service cannot resume the end comes from the status and the rest of the
    /// output from the run's record (<see cref="ExecutionFinished.OutputMayBeIncomplete"/> says when some may be
    /// missing). A <see cref="LyceumStreamException"/> only when the service no longer knows the run or
    /// <see cref="StreamOptions.MaxOfflineTime"/> passed. Cancelling closes the connection (the run goes on). Without
    /// options, the client's <see cref="LyceumClientOptions.Stream"/> apply.</summary>
    public IAsyncEnumerable<ExecutionEvent> StreamAsync(ExecutionStarted execution, StreamOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return StreamAsync(execution.ExecutionId, execution.StreamingUrl, options, cancellationToken);
    }

    /// <inheritdoc cref="StreamAsync(ExecutionStarted, StreamOptions?, CancellationToken)"/>
    public IAsyncEnumerable<ExecutionEvent> StreamAsync(string executionId, Uri streamingUrl, StreamOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionId);
        ArgumentNullException.ThrowIfNull(streamingUrl);
        options ??= _pipeline.Stream;
        options.Validate();
        return new ExecutionStreamReader(_pipeline, this, executionId, streamingUrl, options).ReadAsync(cancellationToken);
    }

    private async Task<ExecutionStatus> StatusAsync(string executionId, RetryMode? retry, CancellationToken cancellationToken)
    {
        var wire = await _pipeline.SendAsync(HttpMethod.Get, $"execution/streaming/{PathSegment.Escape(executionId, nameof(executionId))}/status", null,
            LyceumJsonContext.Default.ExecutionStatusWire, cancellationToken, retry).ConfigureAwait(false);
        return ToStatus(wire, executionId);
    }

    private async Task<ExecutionStarted> StartAsync(string path, HttpContent body, CancellationToken cancellationToken)
    {
        var response = await _pipeline.SendAsync(HttpMethod.Post, path, body, LyceumJsonContext.Default.StartResponse, cancellationToken, RetryMode.OnlyIfNotActed)
            .ConfigureAwait(false);
        if (string.IsNullOrEmpty(response.ExecutionId))
            throw new LyceumApiException(200, "invalid_response", "The service accepted the run but sent no execution_id.");
        var url = string.IsNullOrEmpty(response.StreamingUrl)
            ? _pipeline.Resolve($"execution/streaming/{Uri.EscapeDataString(response.ExecutionId)}")
            : Uri.TryCreate(response.StreamingUrl, UriKind.Absolute, out var absolute) && absolute.Scheme is "ws" or "wss" or "http" or "https"
                ? absolute
                : response.StreamingUrl.StartsWith('/') ? new Uri(_pipeline.Endpoint, response.StreamingUrl) : _pipeline.Resolve(response.StreamingUrl);
        return new ExecutionStarted(response.ExecutionId, response.Status ?? ExecutionStates.Pending, url)
        {
            PythiaDecision = response.PythiaDecision is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } d ? TextOf(d) : null,
        };
    }

    internal static ExecutionStatus ToStatus(ExecutionStatusWire wire, string executionId) =>
        new(wire.ExecutionId ?? executionId, wire.Status ?? "unknown")
        {
            Errors = TextOf(wire.Errors),
            ExecutionTime = wire.ExecutionTime,
            Cost = wire.Cost,
            ReturnCode = wire.ReturnCode,
            Message = wire.Message,
            LastSeq = wire.LastSeq,
        };

    private static string ImportFilesJson(IReadOnlyDictionary<string, string> files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (path, content) in files)
                writer.WriteString(path, content);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static string? TextOf(JsonElement? element) => element switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.String } e => e.GetString(),
        { ValueKind: JsonValueKind.Array } e => string.Concat(e.EnumerateArray().Select(x => TextOf(x) ?? "")),
        { } e => e.ToString(),
    };
}
