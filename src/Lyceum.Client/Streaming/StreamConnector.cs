using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using Lyceum.Client.Http;

namespace Lyceum.Client.Streaming;

/// <summary>Opens a run's streaming URL by its scheme: <c>ws</c>/<c>wss</c> as a WebSocket, <c>http</c>/<c>https</c>
/// as Server-Sent Events. The credential is sent only to the API's own host.</summary>
internal sealed class StreamConnector(LyceumPipeline pipeline, StreamOptions options)
{
    public sealed class Connection(IAsyncEnumerable<StreamMessage> messages, IDisposable resource) : IDisposable
    {
        public IAsyncEnumerable<StreamMessage> Messages { get; } = messages;

        public void Dispose() => resource.Dispose();
    }

    public static Uri WithAfter(Uri url, long after)
    {
        if (after <= 0)
            return url;
        var query = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("after=", StringComparison.Ordinal))
            .Append($"after={after}");
        return new UriBuilder(url) { Query = string.Join('&', query) }.Uri;
    }

    /// <summary>Opens the stream after <paramref name="after"/>; every byte that arrives is reported to <paramref name="activity"/>.</summary>
    public Task<Connection> OpenAsync(Uri url, long after, StreamActivity activity, CancellationToken cancellationToken)
    {
        var target = WithAfter(url, after);
        if (after > 0)
            pipeline.Telemetry.StreamResumed(url, after);
        return target.Scheme switch
        {
            "ws" or "wss" => OpenWebSocketAsync(target, activity, cancellationToken),
            "http" or "https" => OpenSseAsync(target, activity, cancellationToken),
            _ => throw new LyceumApiException(0, "invalid_response",
                $"The streaming URL '{url.GetLeftPart(UriPartial.Path)}' has scheme '{url.Scheme}'; only ws, wss, http and https are understood."),
        };
    }

    /// <summary>The API's own host, or a sibling under the same parent domain (api.lyceum.technology and
    /// stream.lyceum.technology); never a foreign host, so a redirected streaming URL cannot collect the key.</summary>
    private bool IsApiHost(Uri url)
    {
        var api = pipeline.Endpoint;
        if (string.Equals(url.Host, api.Host, StringComparison.OrdinalIgnoreCase))
            return true;
        return url.HostNameType == UriHostNameType.Dns && api.HostNameType == UriHostNameType.Dns
            && ParentDomain(url.Host) is { } parent && string.Equals(parent, ParentDomain(api.Host), StringComparison.OrdinalIgnoreCase);
    }

    private static string? ParentDomain(string host)
    {
        var labels = host.Split('.');
        return labels.Length >= 3 ? string.Join('.', labels[^2..]) : null;
    }

    private async Task<Connection> OpenSseAsync(Uri url, StreamActivity activity, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        request.Options.Set(LyceumRequestOptions.Streaming, true);
        // The reader reopens a failed stream on its own schedule (and tells its caller); no hidden retries here.
        request.Options.Set(LyceumRequestOptions.Retry, RetryMode.Never);
        var response = await pipeline.SendCheckedAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken, anonymous: !IsApiHost(url))
            .ConfigureAwait(false);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new Connection(SseMessageSource.ReadAsync(new ActivityStream(body, activity), cancellationToken), response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<Connection> OpenWebSocketAsync(Uri url, StreamActivity activity, CancellationToken cancellationToken)
    {
        var sendCredential = IsApiHost(url);
        string? token = sendCredential ? await pipeline.Credential.GetTokenAsync(pipeline, cancellationToken).ConfigureAwait(false) : null;
        for (var attempt = 0; ; attempt++)
        {
            var socket = new ClientWebSocket();
            socket.Options.CollectHttpResponseDetails = true;
            // Pings the server answers with pongs: a connection that stops answering is aborted, and the reader resumes.
            socket.Options.KeepAliveInterval = options.KeepAliveInterval;
            socket.Options.KeepAliveTimeout = options.KeepAliveTimeout;
            socket.Options.SetRequestHeader("User-Agent", pipeline.Telemetry.UserAgent);
            if (token is not null)
                socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
            try
            {
                if (pipeline.Transport is SocketsHttpHandler)
                {
                    using var invoker = new HttpMessageInvoker(pipeline.Transport, disposeHandler: false);
                    await socket.ConnectAsync(url, invoker, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await socket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
                }

                return new Connection(WebSocketMessageSource.ReadAsync(socket, activity, cancellationToken), socket);
            }
            catch (WebSocketException) when (socket.HttpStatusCode is HttpStatusCode.Unauthorized && token is not null && attempt == 0)
            {
                socket.Dispose();
                if (!await pipeline.Credential.RenewAfterRejectionAsync(pipeline, token, cancellationToken).ConfigureAwait(false))
                    throw new LyceumApiException(401, null, "The output stream refused the credential.", hint: pipeline.Credential.RejectionHint);
                token = await pipeline.Credential.GetTokenAsync(pipeline, cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException e) when (socket.HttpStatusCode is { } status && (int)status >= 400 && status != HttpStatusCode.ServiceUnavailable && (int)status < 500)
            {
                socket.Dispose();
                var hint = status == HttpStatusCode.Unauthorized ? pipeline.Credential.RejectionHint
                    : status == HttpStatusCode.NotFound ? "the run is unknown or its stream has closed" : null;
                throw new LyceumApiException((int)status, null, $"The output stream refused the connection ({(int)status} {status}).", hint: hint, innerException: e);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }
}
