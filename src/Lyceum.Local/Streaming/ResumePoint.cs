using System.Globalization;
using Lyceum.Local.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyceum.Local.Streaming;

/// <summary>
/// Where a stream reader resumes: <c>?after=N</c>, or over SSE the <c>Last-Event-ID</c> a reconnecting EventSource sends
/// (each event's id is its seq). Any whole number is valid, however large (one beyond the last seq only gets the terminal
/// message); anything else is refused, never read as 0 (which would replay the run from its start).
/// </summary>
internal static class ResumePoint
{
    /// <summary>The seq already seen (0 when none was given), or the 400 naming what was wrong.</summary>
    public static (long After, JsonHttpResult<ApiError>? Error) From(HttpRequest request)
    {
        if (request.Query.TryGetValue("after", out var after))
            return Parse(after.ToString(), "after", "?after=");
        var lastEventId = request.Headers["Last-Event-ID"].ToString().Trim();
        return lastEventId.Length == 0 ? (0, null) : Parse(lastEventId, "Last-Event-ID", "the Last-Event-ID header");
    }

    private static (long, JsonHttpResult<ApiError>?) Parse(string text, string field, string where)
    {
        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
            return (0, LyceumErrors.Invalid(field,
                $"{where} must be a whole number ≥ 0, the last seq you already have (got '{Shorten(text)}'); leave it out to read from the start"));
        // Beyond any seq a run can reach: saturate instead of refusing, the reader simply asks past the end.
        return (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : long.MaxValue, null);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
