using System.Text;
using Lyceum.Client.Credentials;
using Lyceum.Client.Http;
using Lyceum.Client.Json;

namespace Lyceum.Client;

/// <summary>The entry point of the Lyceum SDK. One client holds one HTTP pipeline and one credential, shared by its
/// areas: <see cref="Executions"/>, <see cref="Storage"/>, <see cref="Billing"/>, <see cref="Auth"/>, <see cref="Health"/>.
/// Thread-safe; create one and reuse it.</summary>
public sealed class LyceumClient : IDisposable
{
    private readonly LyceumPipeline _pipeline;

    /// <summary>A client with an API key; the endpoint is <c>LYCEUM_API_URL</c> or the Lyceum service.</summary>
    public LyceumClient(string apiKey)
        : this(LyceumCredential.FromApiKey(apiKey), new LyceumClientOptions { Endpoint = CredentialResolver.DefaultEndpoint() })
    {
    }

    /// <summary>A client with any credential and options (validated and frozen now).</summary>
    public LyceumClient(LyceumCredential credential, LyceumClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        options ??= new LyceumClientOptions();
        if (options.NetworkTimeout <= TimeSpan.Zero && options.NetworkTimeout != Timeout.InfiniteTimeSpan)
            throw new LyceumConfigurationException($"NetworkTimeout must be positive (got {options.NetworkTimeout}).");
        Diagnostics.UserAgent.Validate(options.ApplicationId);
        if (options.S3TransferConcurrency < 1)
            throw new LyceumConfigurationException($"S3TransferConcurrency must be at least 1 (got {options.S3TransferConcurrency}).");
        if (options.S3TransferThreshold < 0)
            throw new LyceumConfigurationException($"S3TransferThreshold must not be negative (got {options.S3TransferThreshold}); use null to turn the S3 path off.");
        options.Stream?.Validate();
        var frozen = options.Copy();
        frozen.Retry = (options.Retry ?? new LyceumRetryOptions()).Freeze();
        frozen.TimeProvider = options.TimeProvider ?? TimeProvider.System;
        Endpoint = EndpointResolver.Normalize(options.Endpoint ?? CredentialResolver.DefaultEndpoint());
        Credential = credential;
        _pipeline = new LyceumPipeline(credential, Endpoint, frozen);
        Executions = new ExecutionsClient(_pipeline);
        Storage = new StorageClient(_pipeline, frozen);
        Billing = new BillingClient(_pipeline);
        Auth = new AuthClient(_pipeline);
        Health = new HealthClient(_pipeline);
    }

    /// <summary>A client from the environment (<c>LYCEUM_API_KEY</c>, then <c>LYCEUM_API_TOKEN</c>; <c>LYCEUM_API_URL</c>),
    /// falling back to the Lyceum CLI's <c>~/.lyceum/config.json</c>. Options' endpoint wins over both.</summary>
    /// <exception cref="LyceumConfigurationException">No credential was found; the message says what to set.</exception>
    public static LyceumClient FromEnvironment(LyceumClientOptions? options = null)
    {
        var (credential, endpoint) = CredentialResolver.Resolve();
        if (credential is null)
            throw new LyceumConfigurationException(CredentialResolver.MissingCredentialMessage);
        options ??= new LyceumClientOptions();
        if (options.Endpoint is null && endpoint is not null)
        {
            options = options.Copy();
            options.Endpoint = endpoint;
        }

        return new LyceumClient(credential, options);
    }

    /// <summary>Like <see cref="FromEnvironment"/>, but returns false instead of throwing when no credential is found.</summary>
    public static bool TryFromEnvironment(out LyceumClient? client, LyceumClientOptions? options = null)
    {
        try
        {
            client = FromEnvironment(options);
            return true;
        }
        catch (LyceumConfigurationException)
        {
            client = null;
            return false;
        }
    }

    /// <summary>The API base URL; always ends with <c>/api/v2/external</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The credential in use (its <see cref="LyceumCredential.Kind"/> is safe to show).</summary>
    public LyceumCredential Credential { get; }

    /// <summary>Runs: start, status, abort, output streams.</summary>
    public ExecutionsClient Executions { get; }

    /// <summary>The storage bucket.</summary>
    public StorageClient Storage { get; }

    /// <summary>Credits and billing history.</summary>
    public BillingClient Billing { get; }

    /// <summary>Login, tokens, API keys, the account.</summary>
    public AuthClient Auth { get; }

    /// <summary>Service health and version.</summary>
    public HealthClient Health { get; }

    /// <summary>The latest <c>X-RateLimit-*</c> values per category (<c>auth</c>, <c>execution</c>, <c>storage</c>, <c>billing</c>).</summary>
    public IReadOnlyDictionary<string, RateLimitState> RateLimits => _pipeline.RateLimits.Snapshot;

    /// <summary>The machine types this account may use, e.g. <c>cpu</c>, <c>gpu.a100</c>.</summary>
    public async Task<IReadOnlyList<string>> GetAvailableHardwareAsync(CancellationToken cancellationToken = default)
    {
        var response = await _pipeline.SendAsync(HttpMethod.Get, "user/quotas/available-hardware", null, LyceumJsonContext.Default.HardwareResponse, cancellationToken)
            .ConfigureAwait(false);
        return response.AvailableHardwareProfiles ?? [];
    }

    /// <summary>Starts a Python run, streams its output (reported through <paramref name="progress"/>) and returns the
    /// result. Cancelling aborts the run on the service, also when it comes while the run is being started (the run
    /// is aborted as soon as the service says its id).</summary>
    public async Task<ExecutionResult> RunAsync(PythonRunRequest request, IProgress<ExecutionEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        // The start is not cut short by a cancel: once it reached the service, only its id lets the run be stopped.
        var starting = Executions.StartPythonAsync(request, CancellationToken.None);
        ExecutionStarted started;
        try
        {
            started = await starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ = Executions.AbortOnceStartedAsync(starting);
            throw;
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        try
        {
            await foreach (var e in Executions.StreamAsync(started, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                progress?.Report(e);
                switch (e)
                {
                    case ExecutionOutput { Stream: OutputStreamKind.Stderr } o:
                        stderr.Append(o.Text);
                        break;
                    case ExecutionOutput o:
                        stdout.Append(o.Text);
                        break;
                    case ExecutionFinished finished:
                        return new ExecutionResult(started.ExecutionId, finished, stdout.ToString(), stderr.ToString());
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up: stop the run so it is not billed further (best effort, bounded).
            await Executions.AbortQuietlyAsync(started.ExecutionId).ConfigureAwait(false);
            throw;
        }

        throw new LyceumStreamException(started.ExecutionId, 0, 0, $"The output stream of run {started.ExecutionId} ended without a finished event.");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Storage.Dispose();
        _pipeline.Dispose();
    }
}
