using System.Globalization;
using System.Text.Json;
using Lyceum.Client;
using Lyceum.Interactive.Budgets;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Sweeps;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Remote;

// A cell run as a sweep (--sweep): N RunSessions under one scheduler, one card with a row per run.
public sealed partial class LyceumKernel
{
    private async Task SweepAsync(RunRequest request, SweepPlan plan, CellHeader header, int cell, decimal? price, string? note,
        StorageCredentials? storage, SubmitCode command, KernelInvocationContext context)
    {
        var runs = plan.Points.Select((point, i) =>
        {
            // Each run binds its values on the kernel line's empty line and sends back no variables: the sweep value holds the results.
            var prepared = Prepare(request with { Code = SweepPlan.Bind(request.Code, point), Export = [], What = $"{request.What} run {i + 1}" }, cell, storage);
            return new SweepPoint(SweepPlan.Describe(point), prepared with { Python = prepared.Python! with { FileName = $"{Name} cell {cell} run {i + 1}" } });
        }).ToList();
        var card = new SweepCard { What = request.What, Machine = request.Machine, Parallel = header.Parallel ?? SweepPlan.DefaultParallel };
        await RunSweepAsync(runs, plan, card, price, header.MaxCost, header.FailFast, note, Sink(context, command)).ConfigureAwait(false);
    }

    /// <summary>Runs a sweep's prepared points into the cell behind <paramref name="sink"/>: one card, one cost meter, the
    /// results as this kernel's value <c>sweep</c>, and the cell failed once, at the cap or naming the first run that did
    /// not complete.</summary>
    internal async Task RunSweepAsync(IReadOnlyList<SweepPoint> runs, SweepPlan plan, SweepCard card, decimal? price, decimal? maxCost, bool failFast,
        string? note, KernelRunSink sink)
    {
        if (note is not null)
            sink.Notice(new NoticeView(note));
        IReadOnlyList<SweepRow> rows;
        using (var meter = new CostMeter(price, maxCost, _connection.Time))
        {
            rows = await new SweepRunner(_connection, runs, card, meter, _connection.Time, sink.Show).RunAsync(failFast, sink.Stopped).ConfigureAwait(false);
            Settings.SetSweep(SweepValue(rows, plan.Points));
            if (meter.Reached)
                throw new LyceumCommandException(meter.CapMessage);
        }
        FailIfSweepFailed(rows, sink.Stopped, $" The card lists every run; the results are in the value sweep (#!set --name s --value @{Name}:sweep).");
    }

    /// <summary>Fails the cell naming the first run that did not complete, unless the user stopped it (the host said so already).</summary>
    private static void FailIfSweepFailed(IReadOnlyList<SweepRow> rows, CancellationToken stopped, string where)
    {
        if (stopped.IsCancellationRequested)
            return;
        var failed = rows.Where(r => r.State != ExecutionStates.Completed).ToList();
        if (failed.Count == 0)
            return;
        var first = failed[0];
        throw new LyceumCommandException($"{failed.Count} of {rows.Count} runs did not complete; run {first.Number} ({first.Parameters}) ended "
            + $"{first.StateText ?? first.State}{(first.Error is { } e && e != first.State ? ": " + e : "")}.{where}");
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
