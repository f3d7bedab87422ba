using System.Text.Json;
using Lyceum.Local.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyceum.Local.Requests;

/// <summary>Reads a JSON object body with a size limit; any problem becomes the documented error, never a 500.</summary>
internal static class JsonBody
{
    public const long DefaultLimit = 16 * 1024 * 1024;

    public static async Task<(FieldReader? Reader, JsonHttpResult<ApiError>? Error)> ReadAsync(
        HttpRequest request, bool required = true, long limit = DefaultLimit, CancellationToken cancellationToken = default)
    {
        if (request.ContentLength > limit)
            return (null, LyceumErrors.BodyTooLarge(limit));
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        var body = new GuardedBody(request.Body, request.HttpContext.RequestAborted);
        int read;
        try
        {
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                    return (null, LyceumErrors.BodyTooLarge(limit));
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode != StatusCodes.Status413PayloadTooLarge)
        {
            // A broken framing (a chunk size beyond any integer, a body shorter than its Content-Length) is the caller's.
            return (null, LyceumErrors.Create(400, "validation_error",
                "The request body could not be read (broken chunked encoding or a length that does not match); send the JSON body again.",
                [new FieldError("body", "Unreadable body framing")]));
        }
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Span.IndexOfAnyExcept(" \n\r\t"u8) < 0)
            return required
                ? (null, LyceumErrors.Create(400, "validation_error", "The request body is empty; send a JSON object.", [new FieldError("body", "Required")]))
                : (new FieldReader(default), null);
        if (JsonText.FindInvalid(bytes.Span) is { } invalid)
            return (null, LyceumErrors.Validation([invalid]));
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, LyceumErrors.Create(400, "validation_error",
                    $"The request body must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.",
                    [new FieldError("body", "Expected a JSON object")]));
            return (new FieldReader(document.RootElement.Clone()), null);
        }
        catch (JsonException ex)
        {
            return (null, LyceumErrors.MalformedJson($"line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}"));
        }
    }
}
