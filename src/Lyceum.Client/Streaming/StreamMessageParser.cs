using System.Globalization;
using System.Text.Json;

namespace Lyceum.Client.Streaming;

/// <summary>Decodes the three message shapes of lyceum-api.md: current (<c>output</c>/<c>jobFinished</c>), legacy
/// (<c>type</c>: output/completed/error) and oldest (<c>Message</c>: Output/StatusUpdate/JobFinished), plus the
/// <c>seq</c>/<c>stream</c>/<c>ts</c> additions. Non-JSON lines and unknown shapes are skipped.</summary>
internal static class StreamMessageParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Decodes one transport message; when the whole is not JSON, each line is tried on its own.</summary>
    public static void Parse(ReadOnlySpan<byte> data, List<StreamMessage> into)
    {
        data = Trim(data);
        if (data.IsEmpty)
            return;
        if (TryParseOne(data, out var message, out var isJson))
        {
            if (message is { } m)
                into.Add(m);
            return;
        }

        if (isJson || data.IndexOfAny((byte)'\n', (byte)'\r') < 0)
            return;
        while (!data.IsEmpty)
        {
            var end = data.IndexOfAny((byte)'\n', (byte)'\r');
            var line = end < 0 ? data : data[..end];
            data = end < 0 ? default : data[(end + 1)..];
            line = Trim(line);
            if (line.StartsWith("data:"u8))
                line = Trim(line[5..]);
            if (!line.IsEmpty && TryParseOne(line, out var each, out _) && each is { } e)
                into.Add(e);
        }
    }

    private static bool TryParseOne(ReadOnlySpan<byte> json, out StreamMessage? message, out bool isJson)
    {
        message = null;
        isJson = false;
        if (json[0] != (byte)'{')
            return false;
        if (TryParseOutputFast(json, out var output))
        {
            isJson = true;
            message = output;
            return true;
        }

        JsonDocument? document;
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            if (!JsonDocument.TryParseValue(ref reader, out document))
                return false;
        }
        catch (JsonException)
        {
            return false;
        }

        isJson = true;
        using (document)
            message = Decode(document.RootElement);
        return true;
    }

    /// <summary>The hot path: a current-shape output message (<c>output</c>, <c>seq</c>, <c>stream</c>, <c>ts</c> and
    /// nothing else) read in one forward pass; anything else goes the general way.</summary>
    private static bool TryParseOutputFast(ReadOnlySpan<byte> json, out StreamMessage? message)
    {
        message = null;
        string? content = null, stream = null;
        long? seq = null, ts = null;
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("output"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        content = reader.GetString();
                        continue;
                    }

                    if (reader.TokenType != JsonTokenType.StartObject)
                        return false;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isContent = reader.ValueTextEquals("content"u8);
                        var isStream = reader.ValueTextEquals("stream"u8);
                        reader.Read();
                        if (isContent && reader.TokenType == JsonTokenType.String)
                            content = reader.GetString();
                        else if (isStream && reader.TokenType == JsonTokenType.String)
                            stream ??= reader.GetString();
                        else
                            reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("seq"u8) || reader.ValueTextEquals("ts"u8))
                {
                    var isSeq = reader.ValueTextEquals("seq"u8);
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var number))
                        return false;
                    if (isSeq)
                        seq = number;
                    else
                        ts = number;
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                        return false;
                    stream = reader.GetString();
                }
                else
                {
                    return false;
                }
            }

            if (content is null || reader.TokenType != JsonTokenType.EndObject)
                return false;
        }
        catch (JsonException)
        {
            return false;
        }

        var kind = string.Equals(stream, "stderr", StringComparison.OrdinalIgnoreCase) ? OutputStreamKind.Stderr : OutputStreamKind.Stdout;
        message = new StreamMessage(new ExecutionOutput(content, kind, seq, ts is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null), seq);
        return true;
    }

    private static StreamMessage? Decode(JsonElement root)
    {
        var seq = Long(root, "seq");
        var evt = DecodeEvent(root, seq);
        return evt is null ? null : new StreamMessage(evt, seq);
    }

    private static ExecutionEvent? DecodeEvent(JsonElement root, long? seq)
    {
        if (root.TryGetProperty("output", out var output))
            return OutputOf(output, root, seq);
        if (root.TryGetProperty("jobFinished", out var jobFinished))
            return FinishedOfJob(jobFinished, root);
        if (root.TryGetProperty("Message", out var legacy) && legacy.ValueKind == JsonValueKind.Object)
        {
            if (legacy.TryGetProperty("Output", out var o))
                return OutputOf(o, root, seq);
            if (legacy.TryGetProperty("JobFinished", out var jf))
                return FinishedOfJob(jf, root);
            if (legacy.TryGetProperty("StatusUpdate", out var su))
                return StatusOf(su) is { } s ? Terminalize(s, root) : null;
            return null;
        }

        if (String(root, "type") is { } type)
        {
            switch (type.ToLowerInvariant())
            {
                case "output" or "stdout" or "stderr" or "log":
                    return OutputOf(root, root, seq, type.Equals("stderr", StringComparison.OrdinalIgnoreCase) ? OutputStreamKind.Stderr : null);
                case "completed" or "complete" or "finished" or "done" or "end" or "result":
                    return Finished(String(root, "status") ?? (type.Equals("completed", StringComparison.OrdinalIgnoreCase) ? ExecutionStates.Completed : null),
                        Int(root, "return_code") ?? Int(root, "returnCode") ?? Int(root, "exit_code"),
                        NonEmpty(Text(root, "errors") ?? Text(root, "error")), Seconds(root));
                case "error":
                    return Finished(String(root, "status") ?? ExecutionStates.FailedSystem, Int(root, "return_code"),
                        NonEmpty(Text(root, "message") ?? Text(root, "error") ?? Text(root, "detail")) ?? "The service reported an error.", Seconds(root));
                case "status" or "status_update" or "statusupdate":
                    return StatusOf(root) is { } s ? Terminalize(s, root) : null;
                default:
                    return null;
            }
        }

        return String(root, "status") is { } status ? Terminalize(status, root) : null;
    }

    private static ExecutionEvent Terminalize(string status, JsonElement root) =>
        ExecutionStates.IsTerminal(status)
            ? Finished(status, Int(root, "return_code") ?? Int(root, "returnCode"), NonEmpty(Text(root, "errors") ?? Text(root, "error")), Seconds(root))
            : new ExecutionStatusChanged(status);

    private static ExecutionOutput? OutputOf(JsonElement output, JsonElement root, long? seq, OutputStreamKind? kind = null)
    {
        string? content = output.ValueKind switch
        {
            JsonValueKind.String => output.GetString(),
            JsonValueKind.Object => String(output, "content") ?? String(output, "text") ?? String(output, "data"),
            _ => null,
        };
        if (content is null)
            return null;
        var stream = String(root, "stream") ?? (output.ValueKind == JsonValueKind.Object ? String(output, "stream") : null);
        kind ??= string.Equals(stream, "stderr", StringComparison.OrdinalIgnoreCase) ? OutputStreamKind.Stderr : OutputStreamKind.Stdout;
        var ts = Long(root, "ts");
        return new ExecutionOutput(content, kind.Value, seq, ts is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null);
    }

    private static ExecutionFinished FinishedOfJob(JsonElement finished, JsonElement root)
    {
        var result = finished.TryGetProperty("job", out var job) && job.ValueKind == JsonValueKind.Object && job.TryGetProperty("result", out var r)
            ? r
            : finished.TryGetProperty("result", out var r2) ? r2 : finished;
        var code = Int(result, "returnCode") ?? Int(result, "return_code") ?? Int(result, "exit_code");
        var error = NonEmpty(Text(result, "error") ?? Text(result, "errors"));
        return Finished(String(root, "status") ?? String(result, "status"), code, error, Seconds(root) ?? Seconds(result));
    }

    private static ExecutionFinished Finished(string? status, int? code, string? error, TimeSpan? duration)
    {
        status ??= error is not null ? ExecutionStates.FailedSystem
            : code is null or 0 ? ExecutionStates.Completed
            : ExecutionStates.FailedUser;
        return new ExecutionFinished(status, code, error, duration);
    }

    private static string? StatusOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Object => String(element, "status") ?? String(element, "state") ?? String(element, "Status"),
        _ => null,
    };

    private static TimeSpan? Seconds(JsonElement element) =>
        Double(element, "execution_time") is { } s && s >= 0 && s < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(s) : null;

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False => null,
                JsonValueKind.Array when v.GetArrayLength() == 0 => null,
                _ => v.ToString(),
            }
            : null;

    private static double? Double(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var v))
            return null;
        if (v.ValueKind == JsonValueKind.Number)
            return v.GetDouble();
        return v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    private static long? Long(JsonElement element, string name) => Double(element, name) is { } d && d is >= long.MinValue and <= long.MaxValue ? (long)d : null;

    private static int? Int(JsonElement element, string name) => Double(element, name) is { } d && d is >= int.MinValue and <= int.MaxValue ? (int)d : null;

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> span) => span.Trim(" \t\r\n"u8);
}
