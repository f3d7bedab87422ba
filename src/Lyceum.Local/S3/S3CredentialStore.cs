using System.Security.Cryptography;
using System.Text;
using Lyceum.Local.Data;

namespace Lyceum.Local.S3;

/// <summary>
/// Temporary S3 credentials. SigV4 needs the secret on the server, so instead of storing it the secret and the session
/// token are derived with HMAC-SHA256 from the access key id and a random server key kept in the data dir (mode 0600):
/// the database alone gives nothing away, and rotating the key file revokes every credential.
/// </summary>
internal sealed class S3CredentialStore
{
    private readonly Database _db;
    private readonly byte[] _serverKey;

    public S3CredentialStore(Database db, string keyFile)
    {
        _db = db;
        if (!File.Exists(keyFile))
        {
            using var stream = new FileStream(keyFile, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            stream.Write(RandomNumberGenerator.GetBytes(32));
        }
        _serverKey = File.ReadAllBytes(keyFile);
    }

    public async Task<IssuedCredentials> IssueAsync(string accountId, string? apiKeyId, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var accessKeyId = "LYCA" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var expires = now + lifetime;
        await _db.ExecuteAsync(
            "INSERT INTO s3_credentials (access_key_id, account_id, api_key_id, expires_at, created_at) VALUES ($accessKeyId, $accountId, $apiKeyId, $expires, $now)",
            new { accessKeyId, accountId, apiKeyId, expires, now }, cancellationToken);
        return new IssuedCredentials(accessKeyId, SecretOf(accessKeyId), SessionTokenOf(accessKeyId), expires);
    }

    public Task<S3Credential?> FindAsync(string accessKeyId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _db.QuerySingleAsync(
            """
            SELECT c.access_key_id, c.account_id, c.api_key_id, c.expires_at,
                   CASE WHEN c.api_key_id IS NULL THEN 1
                        WHEN k.id IS NULL OR k.is_active = 0 OR (k.expires_at IS NOT NULL AND k.expires_at <= $now) THEN 0
                        ELSE 1 END
            FROM s3_credentials c LEFT JOIN api_keys k ON k.id = c.api_key_id
            WHERE c.access_key_id = $accessKeyId
            """,
            new { accessKeyId, now },
            r => new S3Credential(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                Database.ReadTime(r, "expires_at")!.Value, r.GetInt64(4) != 0),
            cancellationToken);

    /// <summary>Forgets credentials that expired a day ago or more (kept that long so their use is answered ExpiredToken).</summary>
    public Task PruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _db.ExecuteAsync("DELETE FROM s3_credentials WHERE expires_at < $cutoff", new { cutoff = now.AddDays(-1) }, cancellationToken);

    public string SecretOf(string accessKeyId) => Convert.ToBase64String(Derive("secret", accessKeyId)[..30]);

    public string SessionTokenOf(string accessKeyId) => "lyceum-" + Convert.ToBase64String(Derive("session-token", accessKeyId));

    private byte[] Derive(string purpose, string accessKeyId) =>
        HMACSHA256.HashData(_serverKey, Encoding.UTF8.GetBytes(purpose + "\0" + accessKeyId));
}
