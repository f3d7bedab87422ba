using System.Net;
using Polly;
using Polly.Retry;

namespace Lyceum.Client.Http;

/// <summary>Retries through a Polly pipeline: exponential backoff with jitter, <c>Retry-After</c> honoured in both
/// forms, bounded attempts and total time; requests that create work only when the service certainly did not act.</summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Lyceum.Request");
    private static readonly ResiliencePropertyKey<long> StartedKey = new("Lyceum.Started");

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly LyceumRetryOptions _options;
    private readonly TimeSpan _networkTimeout;
    private readonly TimeProvider _time;

    public RetryHandler(LyceumRetryOptions options, TimeSpan networkTimeout, TimeProvider time)
    {
        _options = options;
        _networkTimeout = networkTimeout;
        _time = time;
        _pipeline = options.MaxRetries == 0
            ? ResiliencePipeline<HttpResponseMessage>.Empty
            : new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.BaseDelay,
                    MaxDelay = options.MaxDelay,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                    DelayGenerator = args => ValueTask.FromResult(RetryAfterOf(args.Outcome.Result)),
                    OnRetry = args =>
                    {
                        args.Outcome.Result?.Dispose();
                        return default;
                    },
                })
                .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        context.Properties.Set(StartedKey, _time.GetTimestamp());
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, self) =>
                {
                    try
                    {
                        return Outcome.FromResult(await self.SendOnceAsync(ctx.Properties.GetValue(RequestKey, null!), ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception e)
                    {
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context,
                this).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (LyceumRequestOptions.IsStreaming(request) || _networkTimeout == Timeout.InfiniteTimeSpan)
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = _time.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), attempt, _networkTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            var response = await base.SendAsync(request, attempt.Token).ConfigureAwait(false);
            try
            {
                // Read small bodies inside the attempt, so a connection that dies mid-body is retried and timed too.
                await response.Content.LoadIntoBufferAsync(attempt.Token).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }

            return response;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"{request.Method} {request.RequestUri?.AbsolutePath} got no response within {_networkTimeout.TotalSeconds:0.#} s (LyceumClientOptions.NetworkTimeout).", e);
        }
    }

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (context.CancellationToken.IsCancellationRequested)
            return false;
        var request = context.Properties.GetValue(RequestKey, null!);
        var elapsed = _time.GetElapsedTime(context.Properties.GetValue(StartedKey, 0L));
        if (elapsed >= _options.MaxTotalTime)
            return false;

        var mode = LyceumRequestOptions.RetryModeOf(request);
        if (mode == RetryMode.Never)
            return false;
        if (outcome.Exception is { } exception)
            return IsRetryableFailure(exception, mode);

        var response = outcome.Result!;
        var retryable = mode == RetryMode.Idempotent
            ? response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
                or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            : response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;
        if (!retryable)
            return false;

        // A wait longer than the caller allows surfaces as the error (with its RetryAfter) instead.
        var retryAfter = RetryAfterOf(response);
        return retryAfter is not { } wait || (wait <= _options.MaxRetryAfter && elapsed + wait <= _options.MaxTotalTime);
    }

    private static bool IsRetryableFailure(Exception exception, RetryMode mode) => exception switch
    {
        OperationCanceledException => false,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
        _ when mode == RetryMode.OnlyIfNotActed => false,
        HttpRequestException or TimeoutException or IOException => true,
        _ => false,
    };

    private TimeSpan? RetryAfterOf(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        if (header is null)
            return null;
        var wait = header.Delta ?? (header.Date is { } date ? date - _time.GetUtcNow() : null);
        return wait is { } w ? (w < TimeSpan.Zero ? TimeSpan.Zero : w) : null;
    }

    internal TimeSpan? RetryAfterFor(HttpResponseMessage response) => RetryAfterOf(response);
}
