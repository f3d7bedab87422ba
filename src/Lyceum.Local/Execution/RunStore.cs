using Lyceum.Local.Data;
using Microsoft.Data.Sqlite;

namespace Lyceum.Local.Execution;

/// <summary>Runs in SQLite.</summary>
internal sealed class RunStore(Database db)
{
    private const string Columns = "id, account_id, kind, status, file_name, execution_type, price_per_hour, timeout, stream_token, image_ref, created_at, start_time, end_time, return_code, error, cost";

    public Task InsertAsync(RunRecord run, CancellationToken cancellationToken = default) => db.ExecuteAsync(
        $"INSERT INTO runs ({Columns}) VALUES ($Id, $AccountId, $Kind, $Status, $FileName, $ExecutionType, $PricePerHour, $Timeout, $StreamToken, $ImageRef, $CreatedAt, $StartTime, $EndTime, $ReturnCode, $Error, $Cost)",
        Args(run), cancellationToken);

    public Task UpdateAsync(RunRecord run, CancellationToken cancellationToken = default) => db.ExecuteAsync(
        "UPDATE runs SET status = $Status, start_time = $StartTime, end_time = $EndTime, return_code = $ReturnCode, error = $Error, cost = $Cost WHERE id = $Id",
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
        run.Id, run.AccountId, run.Kind, run.Status, run.FileName, run.ExecutionType, run.PricePerHour, run.Timeout, run.StreamToken,
        run.ImageRef, run.CreatedAt, run.StartTime, run.EndTime, run.ReturnCode, run.Error, run.Cost,
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
        StreamToken = r.GetString(8),
        ImageRef = Database.ReadString(r, "image_ref"),
        CreatedAt = Database.ReadTime(r, "created_at")!.Value,
        StartTime = Database.ReadTime(r, "start_time"),
        EndTime = Database.ReadTime(r, "end_time"),
        ReturnCode = r.IsDBNull(13) ? null : r.GetInt32(13),
        Error = Database.ReadString(r, "error"),
        Cost = Math.Round((decimal)r.GetDouble(15), 6),
    };
}
