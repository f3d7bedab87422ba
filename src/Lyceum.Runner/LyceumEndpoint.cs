namespace Lyceum.Runner;

/// <summary>The Lyceum API the notebook talks to; owns the embedded server when the runner started one.</summary>
internal sealed class LyceumEndpoint(string url, string? apiKey, IAsyncDisposable? server = null) : IAsyncDisposable
{
    public string Url { get; } = url;

    public string? ApiKey { get; } = apiKey;

    public bool IsEmbedded => server is not null;

    public ValueTask DisposeAsync() => server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
