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
            EmbeddedLyceumLocal.DefaultPipArgs(Path.Combine(_notebooks.Folder, "q.ipynb"), ["#!requirements numpy"], Bundled()));
    }

    [Fact]
    public void a_notebook_needing_only_the_bundled_demo_package_installs_it_offline()
    {
        var bundled = Bundled();

        Assert.Equal(
            $"--no-index --find-links \"{bundled}\"",
            EmbeddedLyceumLocal.DefaultPipArgs(
                Path.Combine(_notebooks.Folder, "quickstart.ipynb"), ["#!lyceum-python\n#!requirements lyceum-hello\nimport lyceum_hello"], bundled));
    }

    [Fact]
    public void a_notebook_needing_other_packages_gets_the_index_and_the_bundled_wheels()
    {
        var bundled = Bundled();

        Assert.Equal(
            $"--find-links \"{bundled}\"",
            EmbeddedLyceumLocal.DefaultPipArgs(
                Path.Combine(_notebooks.Folder, "q.ipynb"), ["#!requirements lyceum_hello", "#!requirements numpy==2.1.3"], bundled));
    }

    [Fact]
    public void a_requirements_file_may_name_anything_so_the_index_stays_available()
    {
        var bundled = Bundled();

        Assert.Equal(
            $"--find-links \"{bundled}\"",
            EmbeddedLyceumLocal.DefaultPipArgs(Path.Combine(_notebooks.Folder, "q.ipynb"), ["#!requirements --file requirements.txt"], bundled));
    }

    [Fact]
    public void without_wheels_anywhere_pip_is_left_alone()
    {
        Assert.Null(EmbeddedLyceumLocal.DefaultPipArgs(Path.Combine(_notebooks.Folder, "q.ipynb"), [], Path.Combine(_notebooks.Folder, "none")));
    }

    [Fact]
    public void the_runner_ships_the_quickstart_demo_wheel_beside_itself()
    {
        Assert.Contains("lyceum-hello", NotebookRequirements.WheelNames(EmbeddedLyceumLocal.BundledWheels));
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

    /// <summary>A folder of wheels like the one that ships with the tool (names are all the choice looks at).</summary>
    private string Bundled()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_notebooks.Folder, "bundled")).FullName;
        File.WriteAllText(Path.Combine(folder, "lyceum_hello-0.1.0-py3-none-any.whl"), "");
        return folder;
    }

    public void Dispose() => _notebooks.Dispose();
}
