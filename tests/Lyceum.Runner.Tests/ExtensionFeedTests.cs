namespace Lyceum.Runner.Tests;

public sealed class ExtensionFeedTests : IDisposable
{
    private readonly TestNotebooks _feed = new();

    [Fact]
    public void a_feed_with_the_runners_own_version_loads_that_version()
    {
        Package("Lyceum.Interactive.1.2.0.nupkg", DateTime.UtcNow);
        Package("Lyceum.Interactive.1.3.0.nupkg", DateTime.UtcNow.AddDays(-1));

        Assert.Equal("1.3.0", ExtensionFeed.FromFolder(_feed.Folder, "1.3.0").Version);
    }

    [Fact]
    public void otherwise_the_package_packed_last_is_loaded()
    {
        Package("Lyceum.Interactive.1.2.0.nupkg", DateTime.UtcNow.AddHours(-2));
        Package("Lyceum.Interactive.1.2.1-ci.7.nupkg", DateTime.UtcNow);
        Package("Lyceum.Interactive.Extras.9.0.0.nupkg", DateTime.UtcNow.AddHours(1));
        Package("Lyceum.Client.1.2.1-ci.7.nupkg", DateTime.UtcNow);

        var feed = ExtensionFeed.FromFolder(_feed.Folder, "0.0.1");

        Assert.Equal(("1.2.1-ci.7", _feed.Folder), (feed.Version, feed.Directory));
    }

    [Fact]
    public void a_feed_without_the_extension_says_how_to_fill_it()
    {
        Package("Lyceum.Client.1.2.0.nupkg", DateTime.UtcNow);

        var error = Assert.Throws<RunnerUsageException>(() => ExtensionFeed.FromFolder(_feed.Folder, "1.2.0"));

        Assert.Contains("holds no Lyceum.Interactive package", error.Message);
        Assert.Contains("dotnet pack LyceumInteractive.sln -o DIR", error.Message);
    }

    [Fact]
    public void a_missing_feed_folder_is_named()
    {
        var missing = Path.Combine(_feed.Folder, "nope");

        var error = Assert.Throws<RunnerUsageException>(() => ExtensionFeed.FromFolder(missing, "1.0.0"));

        Assert.StartsWith($"--extension-feed '{missing}' does not exist", error.Message);
    }

    private void Package(string name, DateTime written)
    {
        var path = _feed.Write(name, "");
        File.SetLastWriteTimeUtc(path, written);
    }

    public void Dispose() => _feed.Dispose();
}
