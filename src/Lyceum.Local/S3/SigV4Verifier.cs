using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lyceum.Local.S3;

/// <summary>
/// Authenticates an S3 request signed with AWS Signature Version 4, in the Authorization header or in a presigned
/// query string: the credential must be live, the session token must match, the clock skew at most 15 minutes.
/// </summary>
internal sealed class SigV4Verifier(S3CredentialStore credentials, TimeProvider time)
{
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);
    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";
    private const int MaxPresignSeconds = 7 * 24 * 3600;

    public async Task<S3Caller> AuthenticateAsync(HttpRequest request, string decodedPath, List<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
    {
        var authorization = request.Headers.Authorization.ToString();
        var presigned = query.Any(p => p.Key == "X-Amz-Algorithm");
        if (authorization.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
            return await FromHeaderAsync(request, authorization, decodedPath, query, cancellationToken);
        if (presigned)
            return await FromQueryAsync(request, decodedPath, query, cancellationToken);
        if (authorization.Length > 0)
            throw S3Errors.InvalidRequest("Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is supported; configure the client with signature_version='s3v4'.");
        throw S3Errors.MissingAuthentication();
    }

    private async Task<S3Caller> FromHeaderAsync(HttpRequest request, string authorization, string decodedPath, List<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
    {
        var parts = authorization[(SigV4.Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders) || !parts.TryGetValue("Signature", out var signature))
            throw S3Errors.AuthorizationMalformed("The Authorization header needs Credential, SignedHeaders and Signature.");
        var amzDate = request.Headers["x-amz-date"].ToString();
        if (amzDate.Length == 0 && DateTimeOffset.TryParse(request.Headers.Date.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            amzDate = date.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);
        var payloadHash = request.Headers["x-amz-content-sha256"].ToString();
        if (payloadHash.Length == 0)
            throw S3Errors.InvalidRequest("Missing required header for this request: x-amz-content-sha256.");
        var signedAt = ParseAmzDate(amzDate);
        var (stored, scope, signingKey) = await CheckCredentialAsync(credential, amzDate, request.Headers["x-amz-security-token"].ToString(), cancellationToken);
        if ((time.GetUtcNow() - signedAt).Duration() > MaxSkew)
            throw S3Errors.TimeTooSkewed();
        var expected = Signature(request, decodedPath, query, signedHeaders, payloadHash, amzDate, scope, signingKey);
        if (!SameHex(expected, signature))
            throw S3Errors.SignatureDoesNotMatch();
        var signing = payloadHash.StartsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", StringComparison.Ordinal)
            ? new ChunkSigning(signingKey, amzDate, scope, expected)
            : null;
        return new S3Caller(stored.AccountId, S3Endpoint.BucketOf(stored.AccountId), payloadHash, signing);
    }

    private async Task<S3Caller> FromQueryAsync(HttpRequest request, string decodedPath, List<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
    {
        string Param(string name) => query.FirstOrDefault(p => p.Key == name).Value ?? "";
        if (Param("X-Amz-Algorithm") != SigV4.Algorithm)
            throw S3Errors.AuthorizationMalformed("X-Amz-Algorithm must be AWS4-HMAC-SHA256.");
        var amzDate = Param("X-Amz-Date");
        var signedAt = ParseAmzDate(amzDate);
        if (!int.TryParse(Param("X-Amz-Expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires < 1 || expires > MaxPresignSeconds)
            throw S3Errors.AuthorizationMalformed($"X-Amz-Expires must be a number of seconds between 1 and {MaxPresignSeconds}.");
        var (stored, scope, signingKey) = await CheckCredentialAsync(Param("X-Amz-Credential"), amzDate, Param("X-Amz-Security-Token"), cancellationToken);
        var now = time.GetUtcNow();
        if (signedAt - now > MaxSkew)
            throw S3Errors.TimeTooSkewed();
        if (now > signedAt.AddSeconds(expires))
            throw S3Errors.RequestExpired();
        var payloadHash = request.Headers["x-amz-content-sha256"].ToString() is { Length: > 0 } header ? header : "UNSIGNED-PAYLOAD";
        var signed = query.Where(p => p.Key != "X-Amz-Signature").ToList();
        var expected = Signature(request, decodedPath, signed, Param("X-Amz-SignedHeaders"), payloadHash, amzDate, scope, signingKey);
        if (!SameHex(expected, Param("X-Amz-Signature")))
            throw S3Errors.SignatureDoesNotMatch();
        return new S3Caller(stored.AccountId, S3Endpoint.BucketOf(stored.AccountId), payloadHash, null);
    }

    /// <summary>Finds the access key of <c>AKID/date/region/s3/aws4_request</c> and checks that it may be used.</summary>
    private async Task<(S3Credential Stored, string Scope, byte[] SigningKey)> CheckCredentialAsync(string credential, string amzDate, string sessionToken, CancellationToken cancellationToken)
    {
        var fields = credential.Split('/');
        if (fields.Length != 5 || fields[3] != "s3" || fields[4] != "aws4_request")
            throw S3Errors.AuthorizationMalformed("The credential must be ACCESS_KEY/YYYYMMDD/REGION/s3/aws4_request.");
        if (fields[1] != amzDate[..8])
            throw S3Errors.AuthorizationMalformed($"The credential date '{fields[1]}' is not the date of x-amz-date '{amzDate}'.");
        if (fields[2] != S3Endpoint.Region)
            throw S3Errors.AuthorizationMalformed($"The region '{fields[2]}' is wrong; expecting '{S3Endpoint.Region}' (the region from POST /storage/credentials).");
        var now = time.GetUtcNow();
        var stored = await credentials.FindAsync(fields[0], now, cancellationToken)
            ?? throw S3Errors.InvalidAccessKeyId("The AWS access key id you provided does not exist in our records (or its account was deleted); get credentials with POST /storage/credentials.");
        if (!stored.ApiKeyUsable)
            throw S3Errors.InvalidAccessKeyId("These credentials were revoked: the API key that asked for them was deleted or disabled.");
        if (sessionToken.Length == 0 || !Auth.Secrets.SameText(sessionToken, credentials.SessionTokenOf(stored.AccessKeyId)))
            throw S3Errors.InvalidToken();
        if (now >= stored.ExpiresAt)
            throw S3Errors.ExpiredToken();
        var scope = string.Join('/', fields[1..]);
        return (stored, scope, SigV4.SigningKey(credentials.SecretOf(stored.AccessKeyId), fields[1], fields[2], fields[3]));
    }

    private static string Signature(HttpRequest request, string decodedPath, List<KeyValuePair<string, string>> query, string signedHeaders,
        string payloadHash, string amzDate, string scope, byte[] signingKey)
    {
        var names = signedHeaders.Split(';');
        var headers = names.SelectMany(name => name == "host"
            ? [new KeyValuePair<string, string>("host", request.Headers.Host.ToString())]
            : request.Headers.TryGetValue(name, out var values)
                ? values.Select(v => new KeyValuePair<string, string>(name, v ?? ""))
                : []);
        var canonical = SigV4.CanonicalRequest(request.Method, decodedPath, query, headers, names, payloadHash);
        return SigV4.Sign(signingKey, SigV4.StringToSign(amzDate, scope, canonical));
    }

    private static DateTimeOffset ParseAmzDate(string amzDate) =>
        DateTimeOffset.TryParseExact(amzDate, AmzDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw S3Errors.AccessDenied("AWS authentication requires a valid Date or x-amz-date header (yyyyMMddTHHmmssZ).");

    private static bool SameHex(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given.ToLowerInvariant()));
}
