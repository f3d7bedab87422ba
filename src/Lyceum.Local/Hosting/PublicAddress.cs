namespace Lyceum.Local.Hosting;

/// <summary>
/// The base every URL handed out is built on (streaming URLs, checkout pages): <c>--public-url</c>, or the listening
/// address. Never the request's Host header, which any caller can forge to send a run's stream token elsewhere.
/// </summary>
internal sealed class PublicAddress
{
    private Uri? _root;

    /// <summary>Scheme, host, port and an optional path prefix (no trailing slash), e.g. <c>https://lyceum.example.com/local</c>.</summary>
    public Uri Root => _root ?? throw new InvalidOperationException("The public address is known once the server listens.");

    /// <summary>Fixes the root once: the configured public URL, else the address the server listens on.</summary>
    public void Resolve(Uri? configured, Uri listening) => _root ??= configured ?? listening;

    /// <summary>An absolute URL for a path of this server; <paramref name="webSocket"/> turns http(s) into ws(s).</summary>
    public string For(string path, bool webSocket = false)
    {
        var root = Root;
        var scheme = webSocket ? (root.Scheme == Uri.UriSchemeHttps ? "wss" : "ws") : root.Scheme;
        return $"{scheme}://{root.Authority}{root.AbsolutePath.TrimEnd('/')}{path}";
    }

    /// <summary>
    /// The root of a <c>--public-url</c> value: an absolute http(s) URL without query or fragment; a trailing slash or
    /// the API base path (users copy the printed URL) is dropped. Null and a message when it cannot be one.
    /// </summary>
    public static (Uri? Root, string? Problem) Parse(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            return (null, $"--public-url must be an absolute http(s) URL such as https://lyceum.example.com, not '{text}'.");
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            return (null, "--public-url must not carry a query, fragment or user name; give scheme, host, port and an optional path prefix.");
        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith(LyceumLocalServer.BasePath, StringComparison.Ordinal))
            path = path[..^LyceumLocalServer.BasePath.Length];
        return (new Uri($"{uri.Scheme}://{uri.Authority}{path}"), null);
    }
}
