using Lyceum.Local.Data;
using Microsoft.Data.Sqlite;

namespace Lyceum.Local.Execution;

/// <summary>Runs in SQLite.</summary>
internal sealed class RunStore(Database db)
{
    private const string Columns = "id, account_id, kind, status, file_name, execution_type, price_per_hour, timeout, stream_token, image_ref, created_at, start_time, end_time, return_code, error, cost, process_group";

    public Task InsertAsync(RunRecord run, CancellationToken cancellationToken = default) => db.ExecuteAsync(
        $"INSERT INTO runs ({Columns}) VALUES ($Id, $AccountId, $Kind, $Status, $FileName, $ExecutionType, $PricePerHour, $Timeout, $StreamTokenHash, $ImageRef, $CreatedAt, $StartTime, $EndTime, $ReturnCode, $Error, $Cost, $ProcessGroup)",
        Args(run), cancellationToken);

    public Task UpdateAsync(RunRecord run, CancellationToken cancellationToken = default) => db.ExecuteAsync(
        "UPDATE runs SET status = $Status, start_time = $StartTime, end_time = $EndTime, return_code = $ReturnCode, error = $Error, cost = $Cost, process_group = $ProcessGroup WHERE id = $Id",
        Args(run), cancellationToken);

    public Task<RunRecord?> FindAsync(string accountId, string id, CancellationToken cancellationToken = default) =>
        db.QuerySingleAsync($"SELECT {Columns} FROM runs WHERE account_id = $accountId AND id = $id", new { accountId, id }, Read, cancellationToken);

    public Task<RunRecord?> FindByIdAsync(string id, CancellationToken cancellationToken = default) =>
        db.QuerySingleAsync($"SELECT {Columns} FROM runs WHERE id = $id", new { id }, Read, cancellationToken);

    public Task<List<RunRecord>> ListAsync(string accountId, int limit, int offset, CancellationToken cancellationToken = default) =>
        db.QueryAsync($"SELECT {Columns} FROM runs WHERE account_id = $accountId ORDER BY created_at DESC, rowid DESC LIMIT $limit OFFSET $offset",
            new { accountId, limit, offset }, Read, cancellationToken);

    public async Task<(int Count, decimal Spent)> TotalsAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var rows = await db.QueryAsync("SELECT COUNT(*), COALESCE(SUM(cost), 0) FROM runs WHERE account_id = $accountId", new { accountId },
            r => (r.GetInt32(0), (decimal)r.GetDouble(1)), cancellationToken);
        return (rows[0].Item1, Math.Round(rows[0].Item2, 6));
    }

    public Task<List<RunRecord>> ListLiveAsync(CancellationToken cancellationToken = default) =>
        db.QueryAsync($"SELECT {Columns} FROM runs WHERE status IN ('queued', 'running')", null, Read, cancellationToken);

    private static object Args(RunRecord run) => new
    {
        run.Id, run.AccountId, run.Kind, run.Status, run.FileName, run.ExecutionType, run.PricePerHour, run.Timeout, run.StreamTokenHash,
        run.ImageRef, run.CreatedAt, run.StartTime, run.EndTime, run.ReturnCode, run.Error, run.Cost, run.ProcessGroup,
    };

    private static RunRecord Read(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        AccountId = r.GetString(1),
        Kind = r.GetString(2),
        Status = r.GetString(3),
        FileName = Database.ReadString(r, "file_name"),
        ExecutionType = r.GetString(5),
        PricePerHour = Math.Round((decimal)r.GetDouble(6), 6),
        Timeout = r.GetInt32(7),
        StreamTokenHash = r.GetString(8),
        ImageRef = Database.ReadString(r, "image_ref"),
        CreatedAt = Database.ReadTime(r, "created_at")!.Value,
        StartTime = Database.ReadTime(r, "start_time"),
        EndTime = Database.ReadTime(r, "end_time"),
        ReturnCode = r.IsDBNull(13) ? null : r.GetInt32(13),
        Error = Database.ReadString(r, "error"),
        Cost = Math.Round((decimal)r.GetDouble(15), 6),
        ProcessGroup = r.IsDBNull(16) ? null : r.GetInt32(16),
    };

    /// <summary>Records the process group of a run's current process (set as soon as it starts, for recovery).</summary>
    public Task SetProcessGroupAsync(string id, int processGroup, CancellationToken cancellationToken = default) =>
        db.ExecuteAsync("UPDATE runs SET process_group = $processGroup WHERE id = $id", new { id, processGroup }, cancellationToken);

    /// <summary>Data dirs of older versions kept stream tokens in clear: they are hashed in place (64 hex characters).</summary>
    public async Task HashClearStreamTokensAsync(CancellationToken cancellationToken = default)
    {
        var clear = await db.QueryAsync("SELECT id, stream_token FROM runs WHERE length(stream_token) <> 64", null,
            r => (Id: r.GetString(0), Token: r.GetString(1)), cancellationToken);
        foreach (var (id, token) in clear)
            await db.ExecuteAsync("UPDATE runs SET stream_token = $hash WHERE id = $id", new { id, hash = Auth.Secrets.Hash(token) }, cancellationToken);
    }
}
