using System.Diagnostics;
using Lyceum.Client.Diagnostics;

namespace Lyceum.Client.Http;

/// <summary>
/// Sits inside the retry handler, so it sees every attempt: adds the User-Agent, makes one Activity per attempt,
/// counts requests, retries and rate-limit waits, and logs them. A retry is recognised by the request having
/// been through here before; what the previous attempt got (429, another status, a transport failure) is its cause.
/// </summary>
internal sealed class TelemetryHandler(ClientTelemetry telemetry, Uri endpoint, TimeProvider time) : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<int> AttemptKey = new("Lyceum.Telemetry.Attempt");
    private static readonly HttpRequestOptionsKey<int> LastStatusKey = new("Lyceum.Telemetry.LastStatus");
    private static readonly HttpRequestOptionsKey<long> LastEndedKey = new("Lyceum.Telemetry.LastEnded");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.Method.Method;
        var uri = request.RequestUri!;
        var path = uri.AbsolutePath;
        var operation = OperationOf(uri);
        var attempt = (request.Options.TryGetValue(AttemptKey, out var before) ? before : 0) + 1;
        request.Options.Set(AttemptKey, attempt);
        if (attempt > 1)
        {
            CountRetry(request, method, path, operation, attempt);
        }

        if (!request.Headers.Contains("User-Agent"))
        {
            request.Headers.TryAddWithoutValidation("User-Agent", telemetry.UserAgent);
        }

        using var activity = LyceumInstruments.Source.StartActivity($"Lyceum {method} {operation}", ActivityKind.Client);
        activity?.SetTag("http.request.method", method);
        activity?.SetTag("url.path", path);
        activity?.SetTag("server.address", uri.Host);
        activity?.SetTag("server.port", uri.Port);
        activity?.SetTag("lyceum.operation", operation);
        activity?.SetTag("lyceum.attempt", attempt);
        var started = time.GetTimestamp();
        var tags = new TagList
        {
            { "http.request.method", method }, { "lyceum.operation", operation }, { "server.address", uri.Host }, { "server.port", uri.Port },
        };
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var elapsed = time.GetElapsedTime(started);
            request.Options.Set(LastStatusKey, status);
            request.Options.Set(LastEndedKey, time.GetTimestamp());
            tags.Add("http.response.status_code", status);
            LyceumInstruments.Requests.Add(1, tags);
            LyceumInstruments.RequestDuration.Record(elapsed.TotalSeconds, tags);
            activity?.SetTag("http.response.status_code", status);
            if (!response.IsSuccessStatusCode)
            {
                activity?.SetStatus(ActivityStatusCode.Error, $"HTTP {status}");
            }

            ClientLog.Answered(telemetry.Logger, method, path, status, elapsed.TotalMilliseconds, attempt);
            return response;
        }
        catch (Exception e)
        {
            var elapsed = time.GetElapsedTime(started);
            request.Options.Set(LastStatusKey, 0);
            request.Options.Set(LastEndedKey, time.GetTimestamp());
            var error = e is OperationCanceledException ? "cancelled" : e.GetType().Name;
            tags.Add("error.type", error);
            LyceumInstruments.Requests.Add(1, tags);
            LyceumInstruments.RequestDuration.Record(elapsed.TotalSeconds, tags);
            activity?.SetStatus(ActivityStatusCode.Error, error);
            activity?.SetTag("error.type", error);
            ClientLog.Failed(telemetry.Logger, method, path, elapsed.TotalMilliseconds, attempt, error);
            throw;
        }
    }

    private void CountRetry(HttpRequestMessage request, string method, string path, string operation, int attempt)
    {
        var lastStatus = request.Options.TryGetValue(LastStatusKey, out var s) ? s : 0;
        var tags = new TagList { { "lyceum.operation", operation }, { "server.address", request.RequestUri!.Host }, { "server.port", request.RequestUri.Port } };
        LyceumInstruments.Retries.Add(1, tags);
        if (lastStatus == 429)
        {
            LyceumInstruments.RateLimitWaits.Add(1, tags);
            var waited = request.Options.TryGetValue(LastEndedKey, out var ended) ? time.GetElapsedTime(ended) : TimeSpan.Zero;
            ClientLog.RateLimited(telemetry.Logger, method, path, waited.TotalSeconds, attempt);
        }
        else
        {
            ClientLog.Retrying(telemetry.Logger, method, path, attempt, lastStatus == 0 ? "a transport failure" : $"HTTP {lastStatus}");
        }
    }

    /// <summary>A low-cardinality name for metrics: the first two segments under the API base (<c>billing/credits</c>,
    /// <c>storage/download</c>), or <c>stream</c> for a run's streaming URL elsewhere.</summary>
    private string OperationOf(Uri uri)
    {
        var basePath = endpoint.AbsolutePath.TrimEnd('/') + "/";
        if (!string.Equals(uri.Host, endpoint.Host, StringComparison.OrdinalIgnoreCase)
            || !uri.AbsolutePath.StartsWith(basePath, StringComparison.Ordinal))
        {
            return "stream";
        }

        var segments = uri.AbsolutePath[basePath.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length == 0 ? "/" : string.Join('/', segments.Take(2));
    }
}
