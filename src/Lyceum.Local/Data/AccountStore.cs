using Lyceum.Local.Auth;

namespace Lyceum.Local.Data;

/// <summary>Accounts: the default one made at start, lookup by email or id, deletion with everything owned.</summary>
internal sealed class AccountStore(Database db)
{
    private const string Columns = "id, email, password_hash, created_at";

    public async Task<Account> EnsureAsync(string email, string? password, string defaultPassword, CancellationToken cancellationToken = default)
    {
        var existing = await FindByEmailAsync(email, cancellationToken);
        if (existing is null)
        {
            var account = new Account(Secrets.NewId("acct_"), email, PasswordHasher.Hash(password ?? defaultPassword), DateTimeOffset.UtcNow);
            await db.ExecuteAsync("INSERT INTO accounts (id, email, password_hash, created_at) VALUES ($Id, $Email, $PasswordHash, $CreatedAt)", account, cancellationToken);
            return account;
        }
        if (password is not null && !PasswordHasher.Verify(password, existing.PasswordHash))
        {
            existing = existing with { PasswordHash = PasswordHasher.Hash(password) };
            await db.ExecuteAsync("UPDATE accounts SET password_hash = $PasswordHash WHERE id = $Id", existing, cancellationToken);
        }
        return existing;
    }

    public Task<Account?> FindByEmailAsync(string email, CancellationToken cancellationToken = default) =>
        db.QuerySingleAsync($"SELECT {Columns} FROM accounts WHERE email = $email", new { email }, Read, cancellationToken);

    public Task<Account?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        db.QuerySingleAsync($"SELECT {Columns} FROM accounts WHERE id = $id", new { id }, Read, cancellationToken);

    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        db.ExecuteAsync("DELETE FROM accounts WHERE id = $id", new { id }, cancellationToken);

    private static Account Read(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), Database.ReadTime(r, "created_at")!.Value);
}
