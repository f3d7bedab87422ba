namespace Lyceum.Client.Http;

/// <summary>Normalises a base URL: a bare host (or any path) gets <c>/api/v2/external</c>; no trailing slash.</summary>
internal static class EndpointResolver
{
    public const string ApiPath = "/api/v2/external";

    public static Uri Normalize(Uri endpoint)
    {
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            throw new LyceumConfigurationException(
                $"The Lyceum endpoint must be an absolute http(s) URL such as https://api.lyceum.technology (got '{WithoutUserInfo(endpoint.OriginalString)}'); check LYCEUM_API_URL.");
        var path = endpoint.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith(ApiPath, StringComparison.OrdinalIgnoreCase))
            path += ApiPath;
        return new UriBuilder(endpoint.Scheme, endpoint.Host, endpoint.Port, path).Uri;
    }

    public static Uri Parse(string text, string source)
    {
        var trimmed = text.Trim();
        if (!trimmed.Contains("://", StringComparison.Ordinal))
            trimmed = "https://" + trimmed;
        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            ? Normalize(uri)
            : throw new LyceumConfigurationException($"{source} is not a URL (got '{WithoutUserInfo(text)}'); set it like https://api.lyceum.technology.");
    }

    // A URL's user:password@ part is a secret: errors quote the URL without it.
    private static string WithoutUserInfo(string url) =>
        System.Text.RegularExpressions.Regex.Replace(url, "(?<=://)[^/@]*@", "***@");
}
