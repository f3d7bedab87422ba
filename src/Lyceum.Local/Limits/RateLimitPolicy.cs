using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Lyceum.Local.Endpoints;
using Microsoft.AspNetCore.RateLimiting;

namespace Lyceum.Local.Limits;

/// <summary>
/// The documented limits per category and account (fixed windows): authentication 10/minute, code execution 100/hour,
/// file storage 1000/hour, billing 100/hour; everything else 1000/hour. Callers without credentials count by address.
/// </summary>
internal sealed class RateLimitPolicy : IDisposable
{
    public static readonly IReadOnlyDictionary<string, (int Limit, TimeSpan Window)> Categories = new Dictionary<string, (int, TimeSpan)>
    {
        ["authentication"] = (10, TimeSpan.FromMinutes(1)),
        ["code execution"] = (100, TimeSpan.FromHours(1)),
        ["file storage"] = (1000, TimeSpan.FromHours(1)),
        ["billing"] = (100, TimeSpan.FromHours(1)),
        ["general"] = (1000, TimeSpan.FromHours(1)),
    };

    private readonly ConcurrentDictionary<string, ClockedFixedWindowLimiter> _windows = new();

    /// <summary>Limits whose windows follow <paramref name="time"/> (the server's injected clock; tests pass a fake one).</summary>
    public RateLimitPolicy(TimeProvider time)
    {
        Time = time;
        Limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var category = Category(context);
            if (category is null)
                return RateLimitPartition.GetNoLimiter("none");
            var (limit, window) = Categories[category];
            return RateLimitPartition.Get(PartitionKey(context, category), key => _windows[key] = new ClockedFixedWindowLimiter(limit, window, time));
        });
    }

    public TimeProvider Time { get; }

    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>
    /// The endpoint's category; "general" for requests no endpoint declares one for (unknown routes, wrong methods),
    /// so their 404s and 405s carry the headers too; none for endpoints that opt out (run streams).
    /// </summary>
    public static string? Category(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is not null)
            return null;
        return endpoint?.Metadata.GetMetadata<RateLimitCategory>()?.Name ?? "general";
    }

    /// <summary>The three X-RateLimit headers for this request's category, or nothing when it has none.</summary>
    public IEnumerable<KeyValuePair<string, string>> Headers(HttpContext context)
    {
        var category = Category(context);
        if (category is null)
            yield break;
        var (limit, _) = Categories[category];
        var remaining = Limiter.GetStatistics(context)?.CurrentAvailablePermits ?? limit;
        yield return new("X-RateLimit-Limit", limit.ToString(CultureInfo.InvariantCulture));
        yield return new("X-RateLimit-Remaining", Math.Max(0, remaining).ToString(CultureInfo.InvariantCulture));
        yield return new("X-RateLimit-Reset", ResetAt(context, category).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>When the current window of this caller's category ends.</summary>
    public DateTimeOffset ResetAt(HttpContext context, string category) =>
        _windows.TryGetValue(PartitionKey(context, category), out var limiter) ? limiter.ResetAt : Time.GetUtcNow() + Categories[category].Window;

    public void Dispose() => Limiter.Dispose();

    private static string PartitionKey(HttpContext context, string category) =>
        category + "|" + (context.User.FindFirst("sub")?.Value ?? "ip:" + context.Connection.RemoteIpAddress);
}
