using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Lyceum.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lyceum.Client.Tests.Infrastructure;

/// <summary>A Kestrel server on 127.0.0.1 that plays scripted answers under /api/v2/external and records requests.</summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private const string Prefix = "/api/v2/external";
    private readonly List<(string Method, string Path, Func<HttpContext, Task> Handler)> _routes = [];
    private readonly WebApplication _app;

    private ScriptedServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public Uri Endpoint => new(BaseUrl, Prefix);

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<ScriptedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null;
            k.Limits.MinRequestBodyDataRate = null;
            k.Limits.MinResponseDataRate = null;
        });
        var app = builder.Build();
        var server = new ScriptedServer(app);
        app.UseWebSockets();
        app.Run(server.DispatchAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>Answers <paramref name="method"/> on a path under /api/v2/external (a trailing <c>*</c> matches any rest).</summary>
    public ScriptedServer On(string method, string path, Func<HttpContext, Task> handler)
    {
        lock (_routes)
            _routes.Insert(0, (method, path, handler));
        return this;
    }

    /// <summary>Answers with a fixed JSON body.</summary>
    public ScriptedServer OnJson(string method, string path, string json, int status = 200, params (string Name, string Value)[] headers) =>
        On(method, path, ctx => Reply(ctx, status, json, headers));

    /// <summary>Answers the n-th call with the n-th handler (the last one repeats).</summary>
    public ScriptedServer OnSequence(string method, string path, params Func<HttpContext, Task>[] handlers)
    {
        var calls = -1;
        return On(method, path, ctx => handlers[Math.Min(Interlocked.Increment(ref calls), handlers.Length - 1)](ctx));
    }

    public static Func<HttpContext, Task> Json(string json, int status = 200, params (string Name, string Value)[] headers) =>
        ctx => Reply(ctx, status, json, headers);

    public static async Task Reply(HttpContext ctx, int status, string json, params (string Name, string Value)[] headers)
    {
        ctx.Response.StatusCode = status;
        foreach (var (name, value) in headers)
            ctx.Response.Headers[name] = value;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(json);
    }

    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string path) =>
        Requests.Where(r => r.Method == method && r.Path == path).ToList();

    public LyceumClient CreateClient(LyceumCredential? credential = null, Action<LyceumClientOptions>? configure = null)
    {
        var options = new LyceumClientOptions
        {
            Endpoint = BaseUrl,
            Retry = new LyceumRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20), MaxRetries = 3 },
            NetworkTimeout = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        return new LyceumClient(credential ?? LyceumCredential.FromApiKey(TestKeys.ApiKey), options);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private async Task DispatchAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        var relative = path.StartsWith(Prefix, StringComparison.Ordinal) ? path[Prefix.Length..] : path;
        string? body = null;
        if (ctx.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true)
        {
            ctx.Request.EnableBuffering();
            using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8, leaveOpen: true);
            body = await reader.ReadToEndAsync();
            ctx.Request.Body.Position = 0;
        }

        Requests.Enqueue(new RecordedRequest(ctx.Request.Method, relative, ctx.Request.QueryString.Value ?? "",
            ctx.Request.Headers.Authorization.ToString(), ctx.Request.Headers.Accept.ToString(), body, DateTimeOffset.UtcNow));

        Func<HttpContext, Task>? handler;
        lock (_routes)
        {
            handler = _routes.FirstOrDefault(r => r.Method == ctx.Request.Method
                && (r.Path == relative || (r.Path.EndsWith('*') && relative.StartsWith(r.Path[..^1], StringComparison.Ordinal)))).Handler;
        }

        if (handler is null)
        {
            await Reply(ctx, 404, $$"""{"detail":"No scripted answer for {{ctx.Request.Method}} {{relative}}","type":"not_found"}""");
            return;
        }

        await handler(ctx);
    }
}

public sealed record RecordedRequest(string Method, string Path, string Query, string Authorization, string Accept, string? Body, DateTimeOffset At);

public static class TestKeys
{
    public const string ApiKey = "lk_live_test_0123456789abcdef";
}
