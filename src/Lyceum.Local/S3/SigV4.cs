using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lyceum.Local.S3;

/// <summary>
/// The arithmetic of AWS Signature Version 4 as S3 uses it: canonical request, string to sign, signing key, chunk and
/// trailer signatures. Pure functions, checked against the examples AWS publishes.
/// </summary>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>The canonical request: method, path, query, headers, signed header names, payload hash.</summary>
    public static string CanonicalRequest(string method, string path, IEnumerable<KeyValuePair<string, string>> query,
        IEnumerable<KeyValuePair<string, string>> headers, IReadOnlyList<string> signedHeaders, string payloadHash)
    {
        var builder = new StringBuilder();
        builder.Append(method).Append('\n');
        builder.Append(CanonicalPath(path)).Append('\n');
        builder.Append(string.Join('&', query
            .Select(p => (Name: UriEncode(p.Key), Value: UriEncode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value))).Append('\n');
        var byName = headers.GroupBy(h => h.Key.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => string.Join(',', g.Select(h => TrimValue(h.Value))), StringComparer.Ordinal);
        foreach (var name in signedHeaders)
            builder.Append(name).Append(':').Append(byName.GetValueOrDefault(name, "")).Append('\n');
        builder.Append('\n').Append(string.Join(';', signedHeaders)).Append('\n');
        builder.Append(payloadHash);
        return builder.ToString();
    }

    /// <summary>The decoded path re-encoded segment by segment, as S3 signers do (no normalization, no double encoding).</summary>
    public static string CanonicalPath(string decodedPath) =>
        decodedPath.Length == 0 ? "/" : string.Join('/', decodedPath.Split('/').Select(UriEncode));

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    public static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        return Hmac(key, "aws4_request");
    }

    public static string Sign(byte[] signingKey, string stringToSign) => Hex(Hmac(signingKey, stringToSign));

    /// <summary>The signature of one aws-chunked chunk, chained to the previous one (the seed is the request's).</summary>
    public static string ChunkSignature(byte[] signingKey, string amzDate, string scope, string previous, ReadOnlySpan<byte> chunkHash) =>
        Sign(signingKey, $"{Algorithm}-PAYLOAD\n{amzDate}\n{scope}\n{previous}\n{EmptyHash}\n{Hex(chunkHash)}");

    /// <summary>The signature of the trailing headers chunk (lines <c>name:value\n</c>).</summary>
    public static string TrailerSignature(byte[] signingKey, string amzDate, string scope, string previous, string canonicalTrailers) =>
        Sign(signingKey, $"{Algorithm}-TRAILER\n{amzDate}\n{scope}\n{previous}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalTrailers)))}");

    /// <summary>RFC 3986 encoding as SigV4 wants it: unreserved characters stay, every other UTF-8 byte becomes %XX.</summary>
    public static string UriEncode(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.' or '~')
                builder.Append(c);
            else
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Leading and trailing spaces removed, inner runs of spaces collapsed to one.</summary>
    private static string TrimValue(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
