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
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
                return (null, LyceumErrors.BodyTooLarge(limit));
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            return required
                ? (null, LyceumErrors.Create(400, "validation_error", "The request body is empty; send a JSON object.", [new FieldError("body", "Required")]))
                : (new FieldReader(default), null);
        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
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
