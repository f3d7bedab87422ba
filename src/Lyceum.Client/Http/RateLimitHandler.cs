namespace Lyceum.Client.Http;

/// <summary>Records the rate-limit headers of every response the transport returns.</summary>
internal sealed class RateLimitHandler(RateLimitTracker tracker) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        tracker.Observe(response);
        return response;
    }
}
