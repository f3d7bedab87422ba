using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Lyceum.Local.Execution;

/// <summary>The stream messages in the service's current shape, plus Lyceum's seq/stream/ts additions.</summary>
internal static class OutputMessages
{
    public static string Output(long seq, string stream, string content, long ts) => Write(w =>
    {
        w.WriteStartObject("output");
        w.WriteString("content", content);
        w.WriteEndObject();
        w.WriteNumber("seq", seq);
        w.WriteString("stream", stream);
        w.WriteNumber("ts", ts);
    });

    /// <summary>The terminal message; returnCode is a string as in the official CLI's fixtures, error only for platform failures.</summary>
    public static string Finished(long seq, RunRecord run, long ts) => Write(w =>
    {
        w.WriteStartObject("jobFinished");
        w.WriteStartObject("job");
        w.WriteStartObject("result");
        w.WriteString("returnCode", (run.ReturnCode ?? -1).ToString(CultureInfo.InvariantCulture));
        if (run.Status == RunStatus.SystemFailure)
            w.WriteString("error", run.Error ?? "system failure");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("status", run.Status);
        w.WriteNumber("execution_time", Math.Round(run.ExecutionSeconds, 3));
        if (run.Error is not null)
            w.WriteString("errors", run.Error);
        w.WriteNumber("seq", seq);
        w.WriteNumber("ts", ts);
    });

    /// <summary>A run's move to a new live state (a queued run that got its turn says <c>running</c>), in the legacy
    /// <c>type: status</c> shape that clients which do not know it skip.</summary>
    public static string Status(long seq, string status, long ts) => Write(w =>
    {
        w.WriteString("type", "status");
        w.WriteString("status", status);
        w.WriteNumber("seq", seq);
        w.WriteNumber("ts", ts);
    });

    public static bool IsFinished(string json) => json.StartsWith("{\"jobFinished\"", StringComparison.Ordinal);

    /// <summary>The text and stream (<c>stdout</c>/<c>stderr</c>) of an output message, or null for others.</summary>
    public static (string Content, string Stream)? OutputOf(string json)
    {
        if (!json.StartsWith("{\"output\"", StringComparison.Ordinal))
            return null;
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "stdout";
        return (root.GetProperty("output").GetProperty("content").GetString() ?? "", stream);
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
