namespace Lyceum.Client.Http;

/// <summary>Per-request settings the handlers read from <see cref="HttpRequestMessage.Options"/>.</summary>
internal static class LyceumRequestOptions
{
    public static readonly HttpRequestOptionsKey<RetryMode> Retry = new("Lyceum.Retry");

    /// <summary>Set for requests whose body or response streams for long: no per-attempt timeout.</summary>
    public static readonly HttpRequestOptionsKey<bool> Streaming = new("Lyceum.Streaming");

    public static RetryMode RetryModeOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(Retry, out var mode)
            ? mode
            : request.Method == HttpMethod.Get || request.Method == HttpMethod.Delete || request.Method == HttpMethod.Head
                ? RetryMode.Idempotent
                : RetryMode.OnlyIfNotActed;

    public static bool IsStreaming(HttpRequestMessage request) => request.Options.TryGetValue(Streaming, out var streaming) && streaming;
}
