using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Lyceum.Client.Credentials;
using Lyceum.Client.Diagnostics;
using Lyceum.Client.Json;

namespace Lyceum.Client.Http;

/// <summary>The one HTTP pipeline all subclients share: retry → telemetry → credential → rate-limit tracking → transport,
/// plus JSON reading (envelope unwrapped) and error translation: the service's refusals become <see cref="LyceumApiException"/>,
/// transport failures <see cref="LyceumTransportException"/>/<see cref="LyceumTimeoutException"/>.</summary>
internal sealed class LyceumPipeline : ITokenService, IDisposable
{
    private readonly HttpMessageHandler? _ownedTransport;
    private readonly HttpClient _anonymous;

    public LyceumPipeline(LyceumCredential credential, Uri endpoint, LyceumClientOptions options)
    {
        Credential = credential;
        Endpoint = endpoint;
        Time = options.TimeProvider;
        NetworkTimeout = options.NetworkTimeout;
        VerifyChecksums = options.VerifyChecksums;
        Stream = options.Stream ?? new StreamOptions();
        var retry = options.Retry;
        Telemetry = new ClientTelemetry(UserAgent.For(options.ApplicationId), options.LoggerFactory);
        Transport = options.Transport ?? (_ownedTransport = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.NetworkTimeout < TimeSpan.FromSeconds(30) ? options.NetworkTimeout : TimeSpan.FromSeconds(30),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        });

        var authenticated = new RetryHandler(retry, options.NetworkTimeout, Time)
        {
            InnerHandler = new TelemetryHandler(Telemetry, endpoint, Time)
            {
                InnerHandler = new CredentialHandler(credential, this) { InnerHandler = new RateLimitHandler(RateLimits) { InnerHandler = Transport } },
            },
        };
        var anonymous = new RetryHandler(retry, options.NetworkTimeout, Time)
        {
            InnerHandler = new TelemetryHandler(Telemetry, endpoint, Time) { InnerHandler = new RateLimitHandler(RateLimits) { InnerHandler = Transport } },
        };
        Http = new HttpClient(authenticated, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        _anonymous = new HttpClient(anonymous, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public LyceumCredential Credential { get; }

    public Uri Endpoint { get; }

    public TimeProvider Time { get; }

    public TimeSpan NetworkTimeout { get; }

    public bool VerifyChecksums { get; }

    /// <summary>The stream options of calls that give none.</summary>
    public StreamOptions Stream { get; }

    public RateLimitTracker RateLimits { get; } = new();

    /// <summary>The client's User-Agent, logger and the measurements taken outside the HTTP handlers.</summary>
    public ClientTelemetry Telemetry { get; }

    /// <summary>The innermost handler; the WebSocket reader connects through it when it is a <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler Transport { get; }

    /// <summary>Authenticated, retrying client with no overall timeout (streams last as long as runs).</summary>
    public HttpClient Http { get; }

    public Uri Resolve(string relativePath) => new(Endpoint.AbsoluteUri + "/" + relativePath.TrimStart('/'));

    public static HttpContent Json<T>(T value, JsonTypeInfo<T> type) => JsonContent.Create(value, type);

    public Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, CancellationToken cancellationToken,
        RetryMode? retry = null, bool anonymous = false) =>
        SendAsync(Request(method, path, content, retry), type, cancellationToken, anonymous);

    public async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken cancellationToken, bool anonymous = false)
    {
        using var response = await SendCheckedAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken, anonymous).ConfigureAwait(false);
        return await ReadJsonAsync(response, type, cancellationToken).ConfigureAwait(false);
    }

    public async Task SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, RetryMode? retry = null)
    {
        using var response = await SendCheckedAsync(Request(method, path, content, retry), HttpCompletionOption.ResponseContentRead, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Sends and returns the response when it is a success; otherwise throws the service's error.</summary>
    public async Task<HttpResponseMessage> SendCheckedAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken,
        bool anonymous = false)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await (anonymous ? _anonymous : Http).SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (TransportFailures.IsTransport(e, cancellationToken))
            {
                throw TransportFailures.Wrap(e, request.RequestUri, NetworkTimeout);
            }

            if (response.IsSuccessStatusCode)
                return response;
            using (response)
                throw await ApiErrorReader.ReadAsync(response, Credential, RateLimits, Time, cancellationToken).ConfigureAwait(false);
        }
    }

    public HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null, RetryMode? retry = null)
    {
        var request = new HttpRequestMessage(method, Resolve(path)) { Content = content };
        if (retry is { } mode)
            request.Options.Set(LyceumRequestOptions.Retry, mode);
        return request;
    }

    /// <summary>Reads a JSON body, unwrapping the <c>{"status":"success","data":…}</c> envelope when present.</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (TransportFailures.IsTransport(e, cancellationToken))
        {
            throw TransportFailures.Wrap(e, response.RequestMessage?.RequestUri);
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("data", out var data)
                && root.TryGetProperty("status", out var status)
                && status.ValueKind == JsonValueKind.String
                && status.ValueEquals("success"))
                root = data;
            if (root.ValueKind == JsonValueKind.Object && IsList(typeof(T)))
            {
                // A list may also come wrapped, e.g. {"files":[…]}: take the object's array.
                foreach (var property in root.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Array)
                    {
                        root = property.Value;
                        break;
                    }
                }
            }

            return root.Deserialize(type)
                ?? throw new LyceumApiException((int)response.StatusCode, "invalid_response", $"The service returned null for {response.RequestMessage?.RequestUri?.AbsolutePath}.");
        }
        catch (JsonException e)
        {
            throw new LyceumApiException((int)response.StatusCode, "invalid_response",
                $"The service's answer to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} is not the expected JSON ({e.Message}).",
                hint: "check that the endpoint (LYCEUM_API_URL) points at a Lyceum API", innerException: e);
        }
    }

    private static bool IsList(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>);

    public Task<TokenPair> LoginAsync(string email, string password, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "auth/login", Json(new LoginBody(email, password), LyceumJsonContext.Default.LoginBody),
            LyceumJsonContext.Default.TokenPair, cancellationToken, anonymous: true);

    public Task<TokenPair> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "auth/refresh", Json(new RefreshBody(refreshToken), LyceumJsonContext.Default.RefreshBody),
            LyceumJsonContext.Default.TokenPair, cancellationToken, anonymous: true);

    public void Dispose()
    {
        Http.Dispose();
        _anonymous.Dispose();
        _ownedTransport?.Dispose();
    }
}
