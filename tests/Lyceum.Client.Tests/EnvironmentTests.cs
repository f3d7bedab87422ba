using Lyceum.Client.Tests.Infrastructure;

namespace Lyceum.Client.Tests;

[CollectionDefinition(nameof(EnvironmentTests), DisableParallelization = true)]
public sealed class EnvironmentCollection;

/// <summary>These tests change process-wide environment variables, so they run alone.</summary>
[Collection(nameof(EnvironmentTests))]
public sealed class EnvironmentTests : IDisposable
{
    private static readonly string[] Variables = ["LYCEUM_API_KEY", "LYCEUM_API_TOKEN", "LYCEUM_API_URL", "HOME"];
    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private readonly string _home = Directory.CreateTempSubdirectory("lyceum-home-").FullName;

    public EnvironmentTests()
    {
        foreach (var v in Variables)
            Environment.SetEnvironmentVariable(v, null);
        Environment.SetEnvironmentVariable("HOME", _home);
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
            Environment.SetEnvironmentVariable(name, value);
        Directory.Delete(_home, recursive: true);
    }

    [Fact]
    public async Task api_key_and_bare_host_url_come_from_the_environment()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/user/quotas/available-hardware", """{"available_hardware_profiles":["cpu"]}""");
        Environment.SetEnvironmentVariable("LYCEUM_API_KEY", TestKeys.ApiKey);
        Environment.SetEnvironmentVariable("LYCEUM_API_TOKEN", "ignored-when-a-key-is-set");
        Environment.SetEnvironmentVariable("LYCEUM_API_URL", server.BaseUrl.GetLeftPart(UriPartial.Authority));

        using var client = LyceumClient.FromEnvironment();
        await client.GetAvailableHardwareAsync();

        Assert.Equal(server.Endpoint, client.Endpoint);
        Assert.Equal("api-key", client.Credential.Kind);
        Assert.Equal("Bearer " + TestKeys.ApiKey, Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public void token_from_the_environment_is_used_when_no_key_is_set()
    {
        Environment.SetEnvironmentVariable("LYCEUM_API_TOKEN", "eyJhbGciOiJIUzI1NiJ9.e30.sig");

        using var client = LyceumClient.FromEnvironment();

        Assert.Equal("token", client.Credential.Kind);
        Assert.Equal(new Uri("https://api.lyceum.technology/api/v2/external"), client.Endpoint);
    }

    [Fact]
    public void cli_config_in_home_is_the_fallback()
    {
        Directory.CreateDirectory(Path.Combine(_home, ".lyceum"));
        File.WriteAllText(Path.Combine(_home, ".lyceum", "config.json"),
            """{"api_key":"lk_live_from_config","base_url":"http://127.0.0.1:9","refresh_token":"rt","other":true}""");

        using var client = LyceumClient.FromEnvironment();

        Assert.Equal("api-key", client.Credential.Kind);
        Assert.Equal(new Uri("http://127.0.0.1:9/api/v2/external"), client.Endpoint);
    }

    [Fact]
    public void cli_config_with_only_a_refresh_token_gives_a_refreshing_credential()
    {
        Directory.CreateDirectory(Path.Combine(_home, ".lyceum"));
        File.WriteAllText(Path.Combine(_home, ".lyceum", "config.json"), """{"refresh_token":"rt","base_url":"https://api.lyceum.technology"}""");

        using var client = LyceumClient.FromEnvironment();

        Assert.Equal("token", client.Credential.Kind);
    }

    [Fact]
    public void missing_credential_says_what_to_set()
    {
        var error = Assert.Throws<LyceumConfigurationException>(() => LyceumClient.FromEnvironment());

        Assert.Contains("LYCEUM_API_KEY", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_home, ".lyceum", "config.json"), error.Message, StringComparison.Ordinal);
        Assert.False(LyceumClient.TryFromEnvironment(out var none));
        Assert.Null(none);
    }

    [Fact]
    public void unreadable_cli_config_says_which_file()
    {
        Directory.CreateDirectory(Path.Combine(_home, ".lyceum"));
        File.WriteAllText(Path.Combine(_home, ".lyceum", "config.json"), "{not json");

        var error = Assert.Throws<LyceumConfigurationException>(() => LyceumClient.FromEnvironment());

        Assert.Contains("config.json", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:8080", "http://localhost:8080/api/v2/external")]
    [InlineData("https://api.lyceum.technology/", "https://api.lyceum.technology/api/v2/external")]
    [InlineData("https://api.lyceum.technology/api/v2/external/", "https://api.lyceum.technology/api/v2/external")]
    [InlineData("http://127.0.0.1:5000/proxy", "http://127.0.0.1:5000/proxy/api/v2/external")]
    public void endpoint_always_ends_with_the_api_path(string given, string expected)
    {
        using var client = new LyceumClient(LyceumCredential.FromApiKey(TestKeys.ApiKey), new LyceumClientOptions { Endpoint = new Uri(given) });

        Assert.Equal(new Uri(expected), client.Endpoint);
    }

    [Fact]
    public void api_key_constructor_uses_lyceum_api_url()
    {
        Environment.SetEnvironmentVariable("LYCEUM_API_URL", "localhost:7000");

        using var client = new LyceumClient(TestKeys.ApiKey);

        Assert.Equal(new Uri("https://localhost:7000/api/v2/external"), client.Endpoint);
    }
}
