using System.Collections.Concurrent;
using System.Globalization;

namespace Lyceum.Client.Http;

/// <summary>Keeps the latest <c>X-RateLimit-*</c> values per category (auth: login and refresh; execution: run starts; storage; billing; other).</summary>
internal sealed class RateLimitTracker
{
    private readonly ConcurrentDictionary<string, RateLimitState> _states = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, RateLimitState> Snapshot => new Dictionary<string, RateLimitState>(_states, StringComparer.Ordinal);

    public RateLimitState? Get(string category) => _states.TryGetValue(category, out var state) ? state : null;

    public static string CategoryOf(Uri? requestUri)
    {
        var path = requestUri?.AbsolutePath ?? "";
        var index = path.IndexOf(EndpointResolver.ApiPath, StringComparison.OrdinalIgnoreCase);
        var rest = index >= 0 ? path[(index + EndpointResolver.ApiPath.Length)..] : path;
        // The documented categories are narrower than the path areas: "authentication" is logging in, "code execution" is
        // starting runs. Status polls, keys and workloads share other limits; filing them here would make a category's
        // state flip between two limits (100/hour for starts, 1000/hour for polls on Lyceum Local).
        return rest switch
        {
            _ when rest.StartsWith("/auth/login", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("/auth/refresh", StringComparison.OrdinalIgnoreCase) => "auth",
            _ when rest.StartsWith("/execution", StringComparison.OrdinalIgnoreCase) && rest.TrimEnd('/').EndsWith("/start", StringComparison.OrdinalIgnoreCase) => "execution",
            _ when rest.StartsWith("/storage", StringComparison.OrdinalIgnoreCase) => "storage",
            _ when rest.StartsWith("/billing", StringComparison.OrdinalIgnoreCase) => "billing",
            _ => "other",
        };
    }

    public RateLimitState? Observe(HttpResponseMessage response)
    {
        var headers = response.Headers;
        if (!TryGetLong(headers, "X-RateLimit-Limit", out var limit) || !TryGetLong(headers, "X-RateLimit-Remaining", out var remaining))
            return null;
        var reset = TryGetLong(headers, "X-RateLimit-Reset", out var unix)
            ? DateTimeOffset.FromUnixTimeSeconds(unix)
            : DateTimeOffset.MinValue;
        var category = CategoryOf(response.RequestMessage?.RequestUri);
        var state = new RateLimitState(category, (int)Math.Clamp(limit, 0, int.MaxValue), (int)Math.Clamp(remaining, 0, int.MaxValue), reset);
        _states[category] = state;
        return state;
    }

    private static bool TryGetLong(System.Net.Http.Headers.HttpResponseHeaders headers, string name, out long value)
    {
        value = 0;
        return headers.TryGetValues(name, out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            && (value = (long)parsed) == (long)parsed;
    }
}
