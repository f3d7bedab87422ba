using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class ApiKeyPrefixTests
{
    [Theory]
    [InlineData("lk_local_abc")]
    [InlineData("lk_local_test123")]
    public async Task a_short_key_given_at_start_is_never_shown_whole_in_the_key_listing(string givenKey)
    {
        await using var server = await TestServer.StartAsync(o => o.ApiKey = givenKey);

        var response = await server.Http.GetAsync("auth/api-keys/");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, body);
        Assert.DoesNotContain(givenKey, body);
        var prefix = (await TestServer.JsonAsync(response))[0].GetProperty("key_prefix").GetString()!;
        Assert.StartsWith("lk_", prefix);
        Assert.True(prefix.Length * 2 <= givenKey.Length, $"prefix '{prefix}' shows more than half of the key");
    }

    [Fact]
    public async Task a_created_key_shows_its_first_twelve_characters_as_prefix()
    {
        await using var server = await TestServer.StartAsync();

        var created = await TestServer.JsonAsync(await server.PostJsonAsync("auth/api-keys/", new { key_name = "ci" }));

        var key = created.GetProperty("api_key").GetString()!;
        Assert.Equal(key[..12], created.GetProperty("key_prefix").GetString());
    }
}
