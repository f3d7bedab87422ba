using System.Globalization;
using Lyceum.Local.Errors;
using Microsoft.AspNetCore.RateLimiting;

namespace Lyceum.Local.Limits;

/// <summary>Wires <see cref="RateLimitPolicy"/> into ASP.NET Core rate limiting, with the headers on every response.</summary>
internal static class RateLimitSetup
{
    public static IServiceCollection AddLyceumRateLimits(this IServiceCollection services, bool enabled, TimeProvider time)
    {
        if (!enabled)
            return services;
        var policy = new RateLimitPolicy(time);
        services.AddSingleton(policy);
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = policy.Limiter;
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var category = RateLimitPolicy.Category(context)!;
                var (limit, window) = RateLimitPolicy.Categories[category];
                var retryAfter = Math.Max(1, (int)Math.Ceiling((policy.ResetAt(context, category) - policy.Time.GetUtcNow()).TotalSeconds));
                context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await LyceumErrors.TooManyRequests(category, limit, window.TotalMinutes >= 60 ? "hour" : "minute").ExecuteAsync(context);
            };
        });
        return services;
    }

    public static IApplicationBuilder UseLyceumRateLimits(this IApplicationBuilder app, bool enabled)
    {
        if (!enabled)
            return app;
        var policy = app.ApplicationServices.GetRequiredService<RateLimitPolicy>();
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                foreach (var (name, value) in policy.Headers(context))
                    context.Response.Headers[name] = value;
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app.UseRateLimiter();
    }
}
