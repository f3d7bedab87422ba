using Lyceum.Client.Http;
using Lyceum.Client.Json;

namespace Lyceum.Client;

/// <summary>Login, token refresh, API keys and the account itself. Get it from <see cref="LyceumClient.Auth"/>.</summary>
public sealed class AuthClient
{
    private readonly LyceumPipeline _pipeline;

    internal AuthClient(LyceumPipeline pipeline) => _pipeline = pipeline;

    /// <summary>Logs in with email and password and returns the tokens (the client's own credential is unchanged).</summary>
    public Task<TokenPair> LoginAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrEmpty(password);
        return _pipeline.LoginAsync(email, password, cancellationToken);
    }

    /// <summary>Exchanges a refresh token for new tokens.</summary>
    public Task<TokenPair> RefreshAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refreshToken);
        return _pipeline.RefreshAsync(refreshToken, cancellationToken);
    }

    /// <summary>Lists the account's API keys (prefixes only).</summary>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(CancellationToken cancellationToken = default) =>
        await _pipeline.SendAsync(HttpMethod.Get, "auth/api-keys/", null, LyceumJsonContext.Default.ListApiKeyInfo, cancellationToken).ConfigureAwait(false);

    /// <summary>Creates an API key; the returned <see cref="CreatedApiKey.ApiKey"/> is the only time the secret is shown.</summary>
    public Task<CreatedApiKey> CreateApiKeyAsync(string keyName, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyName);
        if (keyName.Length > 255)
            throw new ArgumentException($"An API key name has 1–255 characters (got {keyName.Length}).", nameof(keyName));
        return _pipeline.SendAsync(HttpMethod.Post, "auth/api-keys/",
            LyceumPipeline.Json(new CreateKeyBody(keyName, expiresAt), LyceumJsonContext.Default.CreateKeyBody),
            LyceumJsonContext.Default.CreatedApiKey, cancellationToken, RetryMode.OnlyIfNotActed);
    }

    /// <summary>Deletes an API key.</summary>
    public Task DeleteApiKeyAsync(string id, CancellationToken cancellationToken = default) =>
        _pipeline.SendAsync(HttpMethod.Delete, "auth/api-keys/" + PathSegment.Escape(id, nameof(id)), null, cancellationToken);

    /// <summary>Turns an API key on or off and returns it as it is now.</summary>
    public Task<ApiKeyInfo> ToggleApiKeyAsync(string id, CancellationToken cancellationToken = default) =>
        _pipeline.SendAsync(HttpMethod.Patch, $"auth/api-keys/{PathSegment.Escape(id, nameof(id))}/toggle", null,
            LyceumJsonContext.Default.ApiKeyInfo, cancellationToken, RetryMode.OnlyIfNotActed);

    /// <summary>Deletes the account with its keys, files and history. Cannot be undone.</summary>
    public Task DeleteUserAsync(CancellationToken cancellationToken = default) =>
        _pipeline.SendAsync(HttpMethod.Delete, "user/delete", null, cancellationToken);
}
