using Microsoft.AspNetCore.Http.Features;

namespace Lyceum.Local.S3;

/// <summary>
/// A path-style S3 request taken from the raw request target, decoded exactly once: <c>/s3/BUCKET/KEY?QUERY</c>.
/// The full decoded path is what the client signed; bucket and key are its first segment and the rest.
/// </summary>
internal sealed record S3Request(string FullPath, string Bucket, string Key, List<KeyValuePair<string, string>> Query)
{
    public static S3Request From(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || !raw.StartsWith('/'))
            raw = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        var question = raw.IndexOf('?');
        var rawPath = question < 0 ? raw : raw[..question];
        var rawQuery = question < 0 ? "" : raw[(question + 1)..];
        var fullPath = Uri.UnescapeDataString(rawPath);
        var at = fullPath.IndexOf(S3Endpoint.PathPrefix + "/", StringComparison.Ordinal);
        var rest = at < 0 ? "" : fullPath[(at + S3Endpoint.PathPrefix.Length + 1)..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var key = slash < 0 ? "" : rest[(slash + 1)..];
        var query = rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var equals = pair.IndexOf('=');
            return equals < 0
                ? new KeyValuePair<string, string>(Uri.UnescapeDataString(pair), "")
                : new KeyValuePair<string, string>(Uri.UnescapeDataString(pair[..equals]), Uri.UnescapeDataString(pair[(equals + 1)..]));
        }).ToList();
        return new S3Request(fullPath, bucket, key, query);
    }

    public bool Has(string name) => Query.Any(p => p.Key == name);

    public string? this[string name] => Query.FirstOrDefault(p => p.Key == name) is { Key: not null } pair ? pair.Value : null;
}
