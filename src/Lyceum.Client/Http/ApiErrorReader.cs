using System.Net;
using System.Text;
using System.Text.Json;

namespace Lyceum.Client.Http;

/// <summary>Turns an unsuccessful response into a <see cref="LyceumApiException"/>, reading both documented error
/// shapes (<c>{detail,type,errors[]}</c> and FastAPI's <c>{detail:[{loc,msg,type}]}</c>) and adding what to do.</summary>
internal static class ApiErrorReader
{
    private const int MaxBodyChars = 64 * 1024;

    public static async Task<LyceumApiException> ReadAsync(HttpResponseMessage response, LyceumCredential credential, RateLimitTracker rateLimits,
        TimeProvider time, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            body = "";
        }

        var status = (int)response.StatusCode;
        var (type, detail, fields) = Parse(body);
        detail ??= string.IsNullOrWhiteSpace(response.ReasonPhrase) ? ((HttpStatusCode)status).ToString() : response.ReasonPhrase!;
        var header = response.Headers.RetryAfter;
        TimeSpan? retryAfter = header?.Delta ?? (header?.Date is { } date ? Max(date - time.GetUtcNow()) : null);
        var category = RateLimitTracker.CategoryOf(response.RequestMessage?.RequestUri);
        var rateLimit = rateLimits.Observe(response) ?? rateLimits.Get(category);
        return new LyceumApiException(status, type, detail, fields, retryAfter, rateLimit, HintFor(status, fields, retryAfter, category, credential));
    }

    internal static (string? Type, string? Detail, IReadOnlyList<LyceumFieldError> Fields) Parse(string body)
    {
        var fields = new List<LyceumFieldError>();
        if (string.IsNullOrWhiteSpace(body))
            return (null, null, fields);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (null, Shorten(body), fields);

            string? type = Text(root, "type") ?? Text(root, "error_type") ?? Text(root, "code");
            string? detail = null;
            if (root.TryGetProperty("detail", out var d))
            {
                if (d.ValueKind == JsonValueKind.Array)
                {
                    // FastAPI validation: [{loc:["body","code"], msg, type}]
                    foreach (var item in d.EnumerateArray())
                        fields.Add(new LyceumFieldError(LocationOf(item), Text(item, "msg") ?? Text(item, "message") ?? item.ToString()));
                    type ??= "validation_error";
                    detail = fields.Count == 1 ? "Invalid request" : $"{fields.Count} invalid fields";
                }
                else if (d.ValueKind == JsonValueKind.Object)
                {
                    detail = Text(d, "message") ?? Text(d, "detail") ?? d.ToString();
                    type ??= Text(d, "type");
                }
                else if (d.ValueKind != JsonValueKind.Null)
                {
                    detail = d.ValueKind == JsonValueKind.String ? d.GetString() : d.ToString();
                }
            }

            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.Object)
                {
                    detail ??= Text(error, "message") ?? Text(error, "detail");
                    type ??= Text(error, "type");
                }
                else if (error.ValueKind == JsonValueKind.String)
                {
                    detail ??= error.GetString();
                }
            }

            detail ??= Text(root, "message");
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in errors.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object)
                        fields.Add(new LyceumFieldError(Text(item, "field") ?? LocationOf(item), Text(item, "message") ?? Text(item, "msg") ?? item.ToString()));
                    else if (item.ValueKind == JsonValueKind.String)
                        fields.Add(new LyceumFieldError("", item.GetString()!));
                }
            }

            return (type, detail, fields);
        }
        catch (JsonException)
        {
            return (null, Shorten(body), fields);
        }
    }

    private static string LimitName(string category) => category == "other" ? "the rate limit" : $"the {category} rate limit";

    private static string? HintFor(int status, IReadOnlyList<LyceumFieldError> fields, TimeSpan? retryAfter, string category, LyceumCredential credential) => status switch
    {
        401 => credential.RejectionHint,
        402 => "add credits (BillingClient.CheckoutAsync or the Lyceum dashboard)",
        403 => "the credential is valid but not allowed to do this; check the account's permissions",
        404 => "check the id, key or path",
        400 or 422 when fields.Count > 0 => "fix the fields named and send again",
        400 or 422 => "fix the request and send again",
        429 => retryAfter is { } wait
            ? $"{LimitName(category)} is used up; wait {Math.Ceiling(wait.TotalSeconds):0} s and try again"
            : $"{LimitName(category)} is used up; wait and try again",
        // 501 is a permanent answer: telling the caller to try again would send them in circles.
        501 => "the service does not offer this call; retrying will not help",
        503 => "the service is unavailable right now; try again later (requests were already retried where safe)",
        >= 500 => "the service failed; try again later (safe requests were already retried)",
        _ => null,
    };

    private static string LocationOf(JsonElement item)
    {
        if (!item.TryGetProperty("loc", out var loc) || loc.ValueKind != JsonValueKind.Array)
            return "";
        var parts = loc.EnumerateArray().Select(p => p.ToString()).ToList();
        if (parts.Count > 1 && parts[0] is "body" or "query" or "path")
            parts.RemoveAt(0);
        return string.Join('.', parts);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString()
            : null;

    private static string Shorten(string body)
    {
        var text = body.Trim();
        return text.Length <= 500 ? text : text[..500] + "…";
    }

    private static TimeSpan Max(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[MaxBodyChars];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        return new string(buffer, 0, read);
    }
}
