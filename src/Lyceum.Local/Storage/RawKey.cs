using Microsoft.AspNetCore.Http.Features;

namespace Lyceum.Local.Storage;

/// <summary>
/// The key of a storage path, decoded exactly once from the raw request target: clients may send '/' as-is or as %2F,
/// and the routing's own decoding keeps %2F (and would let %252F slip through as a second '/').
/// </summary>
internal static class RawKey
{
    public static string From(HttpRequest request, string marker, string routeValue)
    {
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
            return routeValue;
        var query = raw.IndexOf('?');
        if (query >= 0)
            raw = raw[..query];
        var at = raw.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? routeValue : Uri.UnescapeDataString(raw[(at + marker.Length)..]);
    }
}
