using System.Text.Json;
using Lyceum.Local.Execution;
using Microsoft.Extensions.Options;

namespace Lyceum.Local.Endpoints;

/// <summary>
/// The answer of GET /execution/{id}: the run's status fields, then its whole output as one JSON string written in
/// segments straight from the log, so a run that printed 100 MB is answered without holding 100 MB.
/// </summary>
internal sealed class ExecutionRecordResult(StatusResponse status, RunOutput output) : IResult
{
    private const int FlushBytes = 64 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var json = httpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var cancellationToken = httpContext.RequestAborted;
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        var body = httpContext.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = json.Encoder });
        writer.WriteStartObject();
        foreach (var field in JsonSerializer.SerializeToElement(status, json).EnumerateObject())
            field.WriteTo(writer);
        // output holds both streams as they came; stdout and stderr apart let a client continue each where it stopped.
        long flushed = 0;
        foreach (var (name, stream) in new[] { ("output", (string?)null), ("stdout", "stdout"), ("stderr", "stderr") })
        {
            writer.WritePropertyName(name);
            await foreach (var text in output.TextsAsync(stream, cancellationToken))
            {
                writer.WriteStringValueSegment(text, isFinalSegment: false);
                // The writer hands full buffers to the pipe on its own (BytesCommitted); only a flush sends them, so the pipe is
                // flushed by what was written in all, or it would hold the whole output.
                if (writer.BytesCommitted + writer.BytesPending - flushed > FlushBytes)
                {
                    writer.Flush();
                    await body.FlushAsync(cancellationToken);
                    flushed = writer.BytesCommitted;
                }
            }
            writer.WriteStringValueSegment(ReadOnlySpan<char>.Empty, isFinalSegment: true);
        }
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }
}
