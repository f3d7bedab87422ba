using System.Net.WebSockets;
using Polly.Timeout;

namespace Lyceum.Client.Http;

/// <summary>Turns the many ways a network call can fail (HttpRequestException, IOException, WebSocketException,
/// TimeoutException, Polly's TimeoutRejectedException, a TaskCanceledException nobody asked for) into one
/// <see cref="LyceumTransportException"/> or <see cref="LyceumTimeoutException"/> whose message is one sentence a user
/// can act on. The caller's own cancellation is left alone.</summary>
internal static class TransportFailures
{
    /// <summary>True when <paramref name="e"/> is a transport failure to wrap: not one of ours already, and not the
    /// caller's cancellation.</summary>
    public static bool IsTransport(Exception e, CancellationToken cancellationToken) => e switch
    {
        LyceumException => false,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        HttpRequestException or IOException or WebSocketException or TimeoutException or TimeoutRejectedException => true,
        _ => false,
    };

    /// <summary>The SDK exception for a transport failure talking to <paramref name="target"/>.</summary>
    public static LyceumTransportException Wrap(Exception e, Uri? target, TimeSpan? timeout = null)
    {
        var host = target?.Authority;
        var where = host is null ? "The Lyceum service" : $"The Lyceum service at {host}";
        if (e is TimeoutRejectedException rejected)
            timeout = rejected.Timeout;
        if (e is TimeoutException or TimeoutRejectedException or OperationCanceledException)
        {
            var within = timeout is { } t && t != Timeout.InfiniteTimeSpan ? $"within {t.TotalSeconds:0.#} s" : "in time";
            return new LyceumTimeoutException(
                $"{where} did not answer {within}; check the network connection, or allow more time with LyceumClientOptions.NetworkTimeout.",
                timeout, host, e);
        }

        var service = host is null ? "the Lyceum service" : $"the Lyceum service at {host}";
        var message = e switch
        {
            IOException => $"The connection to {service} broke before the answer was complete; check the network connection, then try again.",
            HttpRequestException h => $"{where} could not be reached: {Reason(h.HttpRequestError)}; check the network connection and LYCEUM_API_URL, then try again.",
            WebSocketException w => $"The output stream's connection to {service} broke ({Describe(w.WebSocketErrorCode)}); check the network connection, then try again.",
            _ => $"The connection to {service} failed; check the network connection, then try again.",
        };
        return new LyceumTransportException(message, host, e);
    }

    /// <summary>Reads from a response body, turning a broken connection into a <see cref="LyceumTransportException"/>.</summary>
    public static async ValueTask<int> ReadAsync(Stream body, Memory<byte> buffer, Uri? source, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransport(e, cancellationToken))
        {
            throw Wrap(e, source);
        }
    }

    private static string Reason(HttpRequestError error) => error switch
    {
        HttpRequestError.NameResolutionError => "its name could not be resolved",
        HttpRequestError.ConnectionError => "the connection was refused or dropped",
        HttpRequestError.SecureConnectionError => "the secure (TLS) connection could not be set up",
        HttpRequestError.HttpProtocolError or HttpRequestError.InvalidResponse => "its answer was not valid HTTP",
        HttpRequestError.ResponseEnded => "the connection closed before the answer was complete",
        HttpRequestError.ProxyTunnelError => "the proxy would not connect to it",
        HttpRequestError.VersionNegotiationError => "no HTTP version both sides speak could be agreed",
        HttpRequestError.ConfigurationLimitExceeded => "its answer exceeded the client's limits",
        HttpRequestError.UserAuthenticationError => "the proxy or server asked for credentials the client does not have",
        _ => "the connection failed",
    };

    private static string Describe(WebSocketError error) => error switch
    {
        WebSocketError.ConnectionClosedPrematurely => "closed without a goodbye",
        WebSocketError.NotAWebSocket => "the server did not accept a WebSocket",
        WebSocketError.HeaderError or WebSocketError.InvalidMessageType or WebSocketError.UnsupportedProtocol
            or WebSocketError.UnsupportedVersion => "the server's answer was not a valid WebSocket",
        _ => "the connection failed",
    };
}
