using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Lyceum.Local.Data;

/// <summary>The SQLite database (WAL) in the data dir: accounts, keys, tokens, runs, the ledger.</summary>
internal sealed class Database
{
    private readonly string _connectionString;

    public Database(string path) =>
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Schema.Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
        await AddMissingColumnsAsync(Schema.AddedColumns, cancellationToken);
    }

    /// <summary>Adds the columns a table of an older data dir lacks (SQLite has no ADD COLUMN IF NOT EXISTS).</summary>
    public async Task AddMissingColumnsAsync(IEnumerable<(string Table, string Column, string Definition)> columns, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        foreach (var (table, column, definition) in columns)
        {
            await using var info = connection.CreateCommand();
            info.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
            if (Convert.ToInt64(await info.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0)
                continue;
            await using var alter = connection.CreateCommand();
            alter.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition}";
            await alter.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Closes pooled connections so the database files can be deleted.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // WAL with NORMAL sync survives a crash of the server (what matters here), without an fsync per commit.
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public async Task<int> ExecuteAsync(string sql, object? args = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Prepare(connection, sql, args);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<T?> ScalarAsync<T>(string sql, object? args = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Prepare(connection, sql, args);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
    }

    public async Task<List<T>> QueryAsync<T>(string sql, object? args, Func<SqliteDataReader, T> map, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Prepare(connection, sql, args);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(map(reader));
        return rows;
    }

    public async Task<T?> QuerySingleAsync<T>(string sql, object? args, Func<SqliteDataReader, T> map, CancellationToken cancellationToken = default)
        where T : class =>
        (await QueryAsync(sql, args, map, cancellationToken)).FirstOrDefault();

    /// <summary>Runs several statements in one transaction (e.g. deleting an account with everything it owns).</summary>
    public async Task InTransactionAsync(Func<SqliteConnection, SqliteTransaction, Task> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    public static SqliteCommand Prepare(SqliteConnection connection, string sql, object? args, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        if (args is not null)
            foreach (var property in args.GetType().GetProperties())
                command.Parameters.AddWithValue("$" + property.Name, ToDb(property.GetValue(args)));
        return command;
    }

    public static string Now() => ToText(DateTimeOffset.UtcNow);

    public static string ToText(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ReadTime(SqliteDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    public static string? ReadString(SqliteDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }

    /// <summary>A 64-bit value stored by <see cref="Prepare"/> from a <see cref="ulong"/> (a CRC-64), or null.</summary>
    public static ulong? ReadUInt64(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : unchecked((ulong)reader.GetInt64(ordinal));

    private static object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset time => ToText(time),
        bool flag => flag ? 1 : 0,
        decimal money => (double)money,
        ulong bits => unchecked((long)bits), // a CRC-64 in SQLite's signed INTEGER, read back with ReadUInt64
        _ => value,
    };
}
