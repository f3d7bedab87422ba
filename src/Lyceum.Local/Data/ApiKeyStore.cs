using Lyceum.Local.Auth;

namespace Lyceum.Local.Data;

/// <summary>API keys stored as SHA-256 hashes with a visible prefix.</summary>
internal sealed class ApiKeyStore(Database db)
{
    private const string Columns = "id, account_id, key_name, key_prefix, is_active, last_used_at, created_at, expires_at";

    /// <summary>Makes a new <c>lk_live_</c> key; the plaintext is returned once and never stored.</summary>
    public async Task<(ApiKeyRecord Record, string Key)> CreateAsync(string accountId, string name, DateTimeOffset? expiresAt, string prefix = "lk_live_", CancellationToken cancellationToken = default)
    {
        var key = prefix + Secrets.Random(32);
        return (await RegisterAsync(accountId, name, key, expiresAt, cancellationToken), key);
    }

    /// <summary>Registers a given key (idempotent: an already registered key is returned as it is).</summary>
    public async Task<ApiKeyRecord> RegisterAsync(string accountId, string name, string key, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        var hash = Secrets.Hash(key);
        var existing = await db.QuerySingleAsync($"SELECT {Columns} FROM api_keys WHERE key_hash = $hash", new { hash }, Read, cancellationToken);
        if (existing is not null)
            return existing;
        var record = new ApiKeyRecord(Secrets.NewId("key_"), accountId, name, VisiblePrefix(key), true, null, DateTimeOffset.UtcNow, expiresAt);
        await db.ExecuteAsync(
            "INSERT INTO api_keys (id, account_id, key_name, key_prefix, key_hash, is_active, created_at, expires_at) VALUES ($Id, $AccountId, $KeyName, $KeyPrefix, $Hash, 1, $CreatedAt, $ExpiresAt)",
            new { record.Id, record.AccountId, record.KeyName, record.KeyPrefix, Hash = hash, record.CreatedAt, record.ExpiresAt }, cancellationToken);
        return record;
    }

    /// <summary>Finds the key's record (active or not) and notes its use.</summary>
    public async Task<ApiKeyRecord?> FindByKeyAsync(string key, CancellationToken cancellationToken = default)
    {
        var hash = Secrets.Hash(key);
        var record = await db.QuerySingleAsync($"SELECT {Columns} FROM api_keys WHERE key_hash = $hash", new { hash }, Read, cancellationToken);
        if (record is not null && record.IsActive && (record.ExpiresAt is null || record.ExpiresAt > DateTimeOffset.UtcNow))
            await db.ExecuteAsync("UPDATE api_keys SET last_used_at = $now WHERE id = $id", new { now = Database.Now(), id = record.Id }, cancellationToken);
        return record;
    }

    public Task<List<ApiKeyRecord>> ListAsync(string accountId, CancellationToken cancellationToken = default) =>
        db.QueryAsync($"SELECT {Columns} FROM api_keys WHERE account_id = $accountId ORDER BY created_at", new { accountId }, Read, cancellationToken);

    public Task<ApiKeyRecord?> FindAsync(string accountId, string id, CancellationToken cancellationToken = default) =>
        db.QuerySingleAsync($"SELECT {Columns} FROM api_keys WHERE account_id = $accountId AND id = $id", new { accountId, id }, Read, cancellationToken);

    public async Task<bool> DeleteAsync(string accountId, string id, CancellationToken cancellationToken = default) =>
        await db.ExecuteAsync("DELETE FROM api_keys WHERE account_id = $accountId AND id = $id", new { accountId, id }, cancellationToken) > 0;

    public async Task DeleteByNameAsync(string accountId, string name, CancellationToken cancellationToken = default) =>
        await db.ExecuteAsync("DELETE FROM api_keys WHERE account_id = $accountId AND key_name = $name", new { accountId, name }, cancellationToken);

    public async Task<ApiKeyRecord?> ToggleAsync(string accountId, string id, CancellationToken cancellationToken = default)
    {
        await db.ExecuteAsync("UPDATE api_keys SET is_active = 1 - is_active WHERE account_id = $accountId AND id = $id", new { accountId, id }, cancellationToken);
        return await FindAsync(accountId, id, cancellationToken);
    }

    public async Task<int> CountAsync(string accountId, CancellationToken cancellationToken = default) =>
        await db.ScalarAsync<int>("SELECT COUNT(*) FROM api_keys WHERE account_id = $accountId", new { accountId }, cancellationToken);

    /// <summary>
    /// The first 12 characters, but never more than half the key: a short key given with --api-key (12 characters are
    /// allowed) would otherwise be shown whole in every key listing.
    /// </summary>
    public static string VisiblePrefix(string key) => key[..Math.Min(12, key.Length / 2)];

    private static ApiKeyRecord Read(Microsoft.Data.Sqlite.SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4) != 0,
        Database.ReadTime(r, "last_used_at"), Database.ReadTime(r, "created_at")!.Value, Database.ReadTime(r, "expires_at"));
}
