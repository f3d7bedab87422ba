namespace Lyceum.Client;

/// <summary>The service refused or failed a request. Carries the service's own words.</summary>
public sealed class LyceumApiException : LyceumException
{
    /// <summary>Creates the exception; the message is built from the parts.</summary>
    public LyceumApiException(int statusCode, string? errorType, string detail, IReadOnlyList<LyceumFieldError>? fieldErrors = null,
        TimeSpan? retryAfter = null, RateLimitState? rateLimit = null, string? hint = null, Exception? innerException = null)
        : base(FormatMessage(statusCode, errorType, detail, fieldErrors, hint), innerException)
    {
        StatusCode = statusCode;
        ErrorType = errorType;
        Detail = detail;
        FieldErrors = fieldErrors ?? [];
        RetryAfter = retryAfter;
        RateLimit = rateLimit;
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>The service's error <c>type</c>, e.g. <c>authentication_error</c>, when it sends one.</summary>
    public string? ErrorType { get; }

    /// <summary>The service's <c>detail</c> text.</summary>
    public string Detail { get; }

    /// <summary>The invalid fields, when the service names them.</summary>
    public IReadOnlyList<LyceumFieldError> FieldErrors { get; }

    /// <summary>How long the service asked to wait before retrying (429/503).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The rate-limit state of the request's category at the time of the error.</summary>
    public RateLimitState? RateLimit { get; }

    /// <summary>True for answers that may go away by themselves: 408, 429 and the 5xx family.</summary>
    public override bool IsTransient => StatusCode is 408 or 429 or >= 500;

    private static string FormatMessage(int statusCode, string? errorType, string detail, IReadOnlyList<LyceumFieldError>? fieldErrors, string? hint)
    {
        var text = errorType is null ? $"HTTP {statusCode}: {detail}" : $"HTTP {statusCode} ({errorType}): {detail}";
        // Services often repeat the field error in the detail; say each thing once.
        var extra = fieldErrors?.Where(f => !detail.Contains(f.Message, StringComparison.Ordinal)).ToList();
        if (extra is { Count: > 0 })
            text += " [" + string.Join("; ", extra.Select(f => string.IsNullOrEmpty(f.Field) ? f.Message : $"{f.Field}: {f.Message}")) + "]";
        return hint is null ? text : $"{text} — {hint}";
    }
}
