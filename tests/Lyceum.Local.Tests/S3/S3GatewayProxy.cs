using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Lyceum.Local.Tests.S3;

/// <summary>
/// An HTTP proxy on 127.0.0.1 in front of a Lyceum Local, playing an S3 service that does not know the flexible
/// checksums: it passes every request through with its Host header (so SigV4 signatures hold) and hides the checksum
/// headers and elements of the answers, or, with <see cref="RefuseChecksumRequests"/>, answers 501 to a request for one.
/// </summary>
internal sealed partial class S3GatewayProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    private S3GatewayProxy(WebApplication app) => _app = app;

    /// <summary>Where requests go; set once the server behind is up (it is started with this proxy's URL as its public one).</summary>
    public Uri? Target { get; set; }

    /// <summary>Answer 501 NotImplemented to any request that carries an <c>x-amz-checksum-algorithm</c> header.</summary>
    public bool RefuseChecksumRequests { get; set; }

    /// <summary>Requests refused with 501 so far.</summary>
    public int Refused { get; private set; }

    public Uri Url => new(_app.Urls.First());

    public static async Task<S3GatewayProxy> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var proxy = new S3GatewayProxy(app);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _http.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        if (RefuseChecksumRequests && request.Headers.ContainsKey("x-amz-checksum-algorithm"))
        {
            Refused++;
            context.Response.StatusCode = 501;
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NotImplemented</Code><Message>checksums are not implemented</Message></Error>");
            return;
        }
        using var forwarded = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(Target!, request.Path + request.QueryString));
        if (request.Method is not ("GET" or "HEAD"))
            forwarded.Content = new StreamContent(request.Body); // even empty: its headers (Content-Type, Content-Length) may be signed
        foreach (var (name, values) in request.Headers)
        {
            if (name.Equals("Expect", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                continue;
            if (!forwarded.Headers.TryAddWithoutValidation(name, values.ToArray()))
                forwarded.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        using var answer = await _http.SendAsync(forwarded, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
            if (!name.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase) && !name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                context.Response.Headers[name] = values.ToArray();
        if (request.Method != "HEAD" && answer.Content.Headers.ContentType?.MediaType?.Contains("xml", StringComparison.Ordinal) == true)
        {
            var xml = ChecksumElements().Replace(await answer.Content.ReadAsStringAsync(context.RequestAborted), "");
            context.Response.ContentLength = null;
            await context.Response.WriteAsync(xml);
        }
        else
            await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    [GeneratedRegex("<Checksum[A-Za-z0-9]+>[^<]*</Checksum[A-Za-z0-9]+>")]
    private static partial Regex ChecksumElements();
}
