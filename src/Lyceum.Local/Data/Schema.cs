namespace Lyceum.Local.Data;

/// <summary>The database schema; statements are idempotent so every start may run them.</summary>
internal static class Schema
{
    public const string Sql = """
        PRAGMA journal_mode = WAL;
        PRAGMA foreign_keys = ON;
        CREATE TABLE IF NOT EXISTS accounts (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS api_keys (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            key_name TEXT NOT NULL,
            key_prefix TEXT NOT NULL,
            key_hash TEXT NOT NULL UNIQUE,
            is_active INTEGER NOT NULL DEFAULT 1,
            last_used_at TEXT,
            created_at TEXT NOT NULL,
            expires_at TEXT);
        CREATE TABLE IF NOT EXISTS refresh_tokens (
            token_hash TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            expires_at TEXT NOT NULL,
            used INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS runs (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            file_name TEXT,
            execution_type TEXT NOT NULL,
            price_per_hour REAL NOT NULL,
            timeout INTEGER NOT NULL,
            stream_token TEXT NOT NULL,
            image_ref TEXT,
            created_at TEXT NOT NULL,
            start_time TEXT,
            end_time TEXT,
            return_code INTEGER,
            error TEXT,
            cost REAL NOT NULL DEFAULT 0,
            process_group INTEGER);
        CREATE INDEX IF NOT EXISTS runs_by_account ON runs(account_id, created_at);
        CREATE TABLE IF NOT EXISTS ledger (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            month TEXT NOT NULL,
            kind TEXT NOT NULL,
            source TEXT NOT NULL,
            amount REAL NOT NULL,
            execution_id TEXT);
        CREATE TABLE IF NOT EXISTS checkouts (
            session_id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            amount REAL NOT NULL,
            success_url TEXT,
            cancel_url TEXT,
            status TEXT NOT NULL,
            created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS objects (
            account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            size INTEGER NOT NULL,
            mtime INTEGER NOT NULL,
            etag TEXT NOT NULL,
            crc64nvme INTEGER,
            PRIMARY KEY (account_id, key));
        """;

    /// <summary>Columns added after a release, as (table, column, definition): added to older data dirs at start.</summary>
    public static readonly IReadOnlyList<(string Table, string Column, string Definition)> AddedColumns =
    [
        ("runs", "process_group", "INTEGER"),
        ("objects", "crc64nvme", "INTEGER"),
    ];
}
