using Lyceum.Local.Errors;
using Microsoft.AspNetCore.HttpLogging;

namespace Lyceum.Local.Logging;

/// <summary>
/// Request lines for the server log (method, path, status, duration) with what grants access taken out of the path: a
/// run stream's token and a checkout session id. Headers (Authorization) and query strings are never logged.
/// </summary>
internal sealed class RedactingHttpLogging : IHttpLoggingInterceptor
{
    public const HttpLoggingFields Fields =
        HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;

    public ValueTask OnRequestAsync(HttpLoggingInterceptorContext logContext)
    {
        if (logContext.TryDisable(HttpLoggingFields.RequestPath))
            logContext.AddParameter("Path", ErrorShapeMiddleware.LoggablePath(logContext.HttpContext.Request.PathBase + logContext.HttpContext.Request.Path));
        return default;
    }

    public ValueTask OnResponseAsync(HttpLoggingInterceptorContext logContext) => default;
}
