using System.Globalization;
using System.Text.Json;
using Lyceum.Client;
using Lyceum.Interactive.Budgets;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Sweeps;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Remote;

// A cell run as a sweep (--sweep), or under a cost cap (--max-cost): one card, a row per run.
public sealed partial class LyceumKernel
{
    private async Task SweepAsync(RunRequest request, SweepPlan? plan, CellHeader header, int cell, decimal? price, string? note,
        StorageCredentials? storage, SubmitCode command, KernelInvocationContext context)
    {
        var client = _connection.Require();
        IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> points = plan?.Points ?? [[]];
        var runs = points.Select((point, i) =>
        {
            // Each run binds its values on the kernel line's empty line and sends back no variables: the sweep value holds the results.
            var prepared = Prepare(request with { Code = point.Count == 0 ? request.Code : SweepPlan.Bind(request.Code, point), Export = [] }, cell, storage);
            var python = prepared.Python! with { FileName = points.Count == 1 ? $"{Name} cell {cell}" : $"{Name} cell {cell} run {i + 1}" };
            return new SweepPoint(point.Count == 0 ? "(the cell)" : SweepPlan.Describe(point), python, prepared.Nonce!);
        }).ToList();
        var sink = new KernelRunSink(context, command, PublishEvent);
        if (note is not null && plan is not null)
            sink.Notice(new NoticeView(note));
        using var meter = new CostMeter(price, header.MaxCost, _connection.Time);
        var card = new SweepCard { What = request.What, Machine = request.Machine, Parallel = plan is null ? 1 : header.Parallel ?? SweepPlan.DefaultParallel };
        var rows = await new SweepRunner(client, runs, card, meter, _connection.Time, sink.Show).RunAsync(header.FailFast, context.CancellationToken)
            .ConfigureAwait(false);
        _connection.Budget.Record(rows.Sum(r => r.Cost ?? 0m));
        if (plan is not null)
            Settings.SetSweep(SweepValue(rows, points));
        if (meter.Reached)
            throw new LyceumCommandException(meter.CapMessage);
        if (context.CancellationToken.IsCancellationRequested)
            return;
        var failed = rows.Where(r => r.State != ExecutionStates.Completed).ToList();
        if (failed.Count == 0)
            return;
        var first = failed[0];
        var which = plan is null ? "The run" : $"{failed.Count} of {rows.Count} runs did not complete; run {first.Number} ({first.Parameters})";
        throw new LyceumCommandException($"{which} ended {first.StateText ?? first.State}{(first.Error is { } e && e != first.State ? ": " + e : "")}."
            + (plan is null ? "" : $" The card lists every run; the results are in the value sweep (#!set --name s --value @{Name}:sweep)."));
    }

    // One object per run: run, parameters (numbers where the value is one), state, elapsed_s, cost, result, error, execution_id.
    private static JsonElement SweepValue(IReadOnlyList<SweepRow> rows, IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> points)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                json.WriteStartObject();
                json.WriteNumber("run", row.Number);
                json.WriteStartObject("parameters");
                foreach (var (name, value) in points[i])
                    WriteScalar(json, name, value);
                json.WriteEndObject();
                json.WriteString("state", row.State);
                json.WriteNumber("elapsed_s", Math.Round(row.Elapsed.TotalSeconds, 3));
                if (row.Cost is { } cost)
                    json.WriteNumber("cost", Math.Round(cost, 6));
                else
                    json.WriteNull("cost");
                WriteScalar(json, "result", row.Result);
                json.WriteString("error", row.Error);
                json.WriteString("execution_id", row.ExecutionId);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    private static void WriteScalar(Utf8JsonWriter json, string name, string? text)
    {
        if (text is null)
            json.WriteNull(name);
        else if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            json.WriteNumber(name, number);
        else
            json.WriteString(name, text.Length >= 2 && text[0] is '\'' or '"' && text[^1] == text[0] ? text[1..^1] : text);
    }
}
