namespace Lyceum.Local.S3;

/// <summary>The S3 tables; idempotent, run at every start after the main schema.</summary>
internal static class S3Schema
{
    /// <summary>
    /// Credentials keep no secret: the secret key and session token are derived from the access key id with the
    /// server key (see <see cref="S3CredentialStore"/>). Deleting the account or the API key that asked deletes them.
    /// </summary>
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS s3_credentials (
            access_key_id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            api_key_id TEXT REFERENCES api_keys(id) ON DELETE CASCADE,
            expires_at TEXT NOT NULL,
            created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS s3_uploads (
            upload_id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            initiated TEXT NOT NULL,
            part_size INTEGER,
            checksum_algorithm TEXT);
        CREATE TABLE IF NOT EXISTS s3_parts (
            upload_id TEXT NOT NULL REFERENCES s3_uploads(upload_id) ON DELETE CASCADE,
            part_number INTEGER NOT NULL,
            size INTEGER NOT NULL,
            etag TEXT NOT NULL,
            last_modified TEXT NOT NULL,
            data_offset INTEGER,
            crc64nvme INTEGER,
            PRIMARY KEY (upload_id, part_number));
        """;

    /// <summary>Columns added since the tables first shipped (a data dir of an older version gets them at start).</summary>
    public static readonly IReadOnlyList<(string Table, string Column, string Definition)> AddedColumns =
    [
        ("s3_uploads", "part_size", "INTEGER"),
        ("s3_parts", "data_offset", "INTEGER"),
        ("s3_uploads", "checksum_algorithm", "TEXT"),
        ("s3_parts", "crc64nvme", "INTEGER"),
    ];
}
