using Microsoft.AspNetCore.Diagnostics;

namespace Lyceum.Local.Errors;

/// <summary>Makes every failure answer in the documented shape: unknown routes, wrong methods, unreadable requests, bugs.</summary>
internal static class ErrorShapeMiddleware
{
    public static IApplicationBuilder UseLyceumErrorShape(this IApplicationBuilder app, ILogger logger)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async context =>
            {
                var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                var result = exception switch
                {
                    BadHttpRequestException { StatusCode: 413 } => LyceumErrors.BodyTooLarge(JsonBodyLimit),
                    BadHttpRequestException bad => LyceumErrors.Create(bad.StatusCode, "validation_error", $"The request could not be read ({bad.Message})."),
                    _ => LyceumErrors.Internal(),
                };
                // The exception, with its stack, goes to the server log only; the answer says where to look.
                if (exception is not BadHttpRequestException)
                    logger.LogError(exception, "internal error on {Method} {Path}", context.Request.Method, LoggablePath(context.Request.Path));
                await result.ExecuteAsync(context);
            },
        });
        app.UseStatusCodePages(async status =>
        {
            var context = status.HttpContext;
            if (context.Response.HasStarted || context.Response.ContentLength > 0 || context.Response.ContentType is not null)
                return;
            var result = context.Response.StatusCode switch
            {
                404 => LyceumErrors.RouteNotFound(context.Request.Method, context.Request.Path),
                405 => LyceumErrors.MethodNotAllowed(context.Request.Method, context.Request.Path),
                415 => LyceumErrors.Create(415, "validation_error", "Unsupported content type; send JSON with Content-Type: application/json."),
                var code => LyceumErrors.Create(code, "error", $"The request failed with status {code}."),
            };
            await result.ExecuteAsync(context);
        });
        return app;
    }

    /// <summary>
    /// The path without what grants access on its own: a run stream's token (anyone with it reads the run's output) and a
    /// checkout session id (anyone with it confirms the purchase).
    /// </summary>
    public static string LoggablePath(PathString path)
    {
        var text = path.ToString();
        foreach (var marker in new[] { "/stream/", "/checkout/" })
        {
            var at = text.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
                return text[..(at + marker.Length)] + "…";
        }
        return text;
    }

    private const long JsonBodyLimit = Requests.JsonBody.DefaultLimit;
}
