using Lyceum.Client.Http;
using Lyceum.Client.Json;

namespace Lyceum.Client;

/// <summary>Whether the service is up, and its version. Get it from <see cref="LyceumClient.Health"/>.</summary>
public sealed class HealthClient
{
    private readonly LyceumPipeline _pipeline;

    internal HealthClient(LyceumPipeline pipeline) => _pipeline = pipeline;

    /// <summary>True when the service answers its ping with status ok; false when it answers otherwise.
    /// Throws when it cannot be reached.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await _pipeline.SendAsync(HttpMethod.Get, "health/ping", null, LyceumJsonContext.Default.PingResponse, cancellationToken, anonymous: true)
                .ConfigureAwait(false);
            return string.Equals(response.Status, "ok", StringComparison.OrdinalIgnoreCase) || string.Equals(response.Status, "healthy", StringComparison.OrdinalIgnoreCase);
        }
        catch (LyceumApiException)
        {
            return false;
        }
    }

    /// <summary>The service's version.</summary>
    public async Task<ServiceVersion> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var response = await _pipeline.SendAsync(HttpMethod.Get, "health/version", null, LyceumJsonContext.Default.VersionResponse, cancellationToken, anonymous: true)
            .ConfigureAwait(false);
        return new ServiceVersion(response.Version ?? "unknown", response.ApiVersion ?? "v2");
    }
}
