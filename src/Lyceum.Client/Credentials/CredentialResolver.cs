using System.Text.Json;
using Lyceum.Client.Http;
using Lyceum.Client.Json;

namespace Lyceum.Client.Credentials;

/// <summary>Finds a credential and endpoint: the environment (LYCEUM_API_KEY, then LYCEUM_API_TOKEN, and LYCEUM_API_URL)
/// first, then the official CLI's <c>~/.lyceum/config.json</c> (api_key, then refresh_token; base_url).</summary>
internal static class CredentialResolver
{
    public const string ApiKeyVariable = "LYCEUM_API_KEY";
    public const string TokenVariable = "LYCEUM_API_TOKEN";
    public const string UrlVariable = "LYCEUM_API_URL";

    public static string ConfigPath
    {
        get
        {
            var home = Environment.GetEnvironmentVariable("HOME");
            if (string.IsNullOrEmpty(home))
                home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(home, ".lyceum", "config.json");
        }
    }

    public static (LyceumCredential? Credential, Uri? Endpoint) Resolve()
    {
        var envUrl = Variable(UrlVariable);
        var endpoint = envUrl is null ? null : EndpointResolver.Parse(envUrl, UrlVariable);
        if (Variable(ApiKeyVariable) is { } key)
            return (LyceumCredential.FromApiKey(key), endpoint);
        if (Variable(TokenVariable) is { } token)
            return (LyceumCredential.FromToken(token), endpoint);

        var config = ReadConfig();
        if (config is null)
            return (null, endpoint);
        endpoint ??= string.IsNullOrWhiteSpace(config.BaseUrl) ? null : EndpointResolver.Parse(config.BaseUrl, $"base_url in {ConfigPath}");
        if (!string.IsNullOrWhiteSpace(config.ApiKey))
            return (LyceumCredential.FromApiKey(config.ApiKey), endpoint);
        if (!string.IsNullOrWhiteSpace(config.RefreshToken))
            return (LyceumCredential.FromRefreshToken(config.RefreshToken), endpoint);
        if (!string.IsNullOrWhiteSpace(config.AccessToken))
            return (LyceumCredential.FromToken(config.AccessToken), endpoint);
        return (null, endpoint);
    }

    /// <summary>The endpoint when a caller gave only a key: LYCEUM_API_URL, else the service.</summary>
    public static Uri DefaultEndpoint() =>
        Variable(UrlVariable) is { } url ? EndpointResolver.Parse(url, UrlVariable) : LyceumClientOptions.DefaultEndpoint;

    public static string MissingCredentialMessage =>
        $"No Lyceum credential found. Set {ApiKeyVariable} to an API key (lk_…) or {TokenVariable} to a JWT, "
        + $"or log in with the Lyceum CLI (which writes {ConfigPath}); {UrlVariable} selects another service.";

    private static CliConfig? ReadConfig()
    {
        var path = ConfigPath;
        if (!File.Exists(path))
            return null;
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, LyceumJsonContext.Default.CliConfig);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new LyceumConfigurationException($"{path} could not be read ({e.GetType().Name}); fix or delete it, or set {ApiKeyVariable}.", e);
        }
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
}
