using Lyceum.Local.Auth;

namespace Lyceum.Local.Data;

/// <summary>Refresh tokens (hashed); each works once, the next one replaces it.</summary>
internal sealed class RefreshTokenStore(Database db, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public async Task<string> IssueAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var token = "lrt_" + Secrets.Random(32);
        await db.ExecuteAsync("INSERT INTO refresh_tokens (token_hash, account_id, expires_at) VALUES ($hash, $accountId, $expires)",
            new { hash = Secrets.Hash(token), accountId, expires = time.GetUtcNow() + Lifetime }, cancellationToken);
        return token;
    }

    /// <summary>Spends a refresh token: the account id when it was valid and unused, else null.</summary>
    public async Task<string?> RedeemAsync(string token, CancellationToken cancellationToken = default)
    {
        var hash = Secrets.Hash(token);
        string? accountId = null;
        await db.InTransactionAsync(async (connection, transaction) =>
        {
            await using var update = Database.Prepare(connection,
                "UPDATE refresh_tokens SET used = 1 WHERE token_hash = $hash AND used = 0 AND expires_at > $now RETURNING account_id",
                new { hash, now = Database.ToText(time.GetUtcNow()) }, transaction);
            accountId = await update.ExecuteScalarAsync(cancellationToken) as string;
        }, cancellationToken);
        return accountId;
    }
}
