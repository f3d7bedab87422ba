namespace Lyceum.Runner.Tests;

public sealed class EmbeddedLyceumLocalTests : IDisposable
{
    private readonly TestNotebooks _notebooks = new();

    [Fact]
    public void a_notebook_shipping_wheels_gets_offline_requirements_from_them()
    {
        Directory.CreateDirectory(Path.Combine(_notebooks.Folder, "wheels"));

        Assert.Equal(
            $"--no-index --find-links \"{Path.Combine(_notebooks.Folder, "wheels")}\"",
            EmbeddedLyceumLocal.DefaultPipArgs(Path.Combine(_notebooks.Folder, "q.ipynb")));
    }

    [Fact]
    public void a_notebook_without_wheels_leaves_pip_alone()
    {
        Assert.Null(EmbeddedLyceumLocal.DefaultPipArgs(Path.Combine(_notebooks.Folder, "q.ipynb")));
    }

    [Fact]
    public async Task embedded_server_gives_a_loopback_url_and_key_and_stops_on_dispose()
    {
        var endpoint = await new EmbeddedLyceumLocal(python: null, pipArgs: null).StartAsync(_ => { });
        using var http = new HttpClient();
        try
        {
            Assert.StartsWith("http://127.0.0.1:", endpoint.Url);
            Assert.EndsWith("/api/v2/external", endpoint.Url.TrimEnd('/'));
            Assert.False(string.IsNullOrEmpty(endpoint.ApiKey));
            Assert.True(endpoint.IsEmbedded);
            var health = await http.GetAsync(endpoint.Url.TrimEnd('/') + "/health/ping");
            Assert.True(health.IsSuccessStatusCode);
        }
        finally
        {
            await endpoint.DisposeAsync();
        }

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(endpoint.Url));
    }

    public void Dispose() => _notebooks.Dispose();
}
