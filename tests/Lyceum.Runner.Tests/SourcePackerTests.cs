namespace Lyceum.Runner.Tests;

/// <summary>The extension packed from source is reused while its sources are unchanged (no 13 s pack per run).</summary>
public sealed class SourcePackerTests : IDisposable
{
    private readonly TestNotebooks _repo = new();
    private readonly TestNotebooks _home = new();

    public SourcePackerTests()
    {
        _repo.Write(RepositoryRoot.Marker, "");
        foreach (var project in SourcePacker.Projects)
        {
            Directory.CreateDirectory(Path.Combine(_repo.Folder, "src", project, "obj"));
            _repo.Write(Path.Combine("src", project, $"{project}.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        }

        _repo.Write(Path.Combine("src", "Lyceum.Client", "LyceumClient.cs"), "class LyceumClient {}");
        _repo.Write("Directory.Packages.props", "<Project />");
    }

    [Fact]
    public void the_same_sources_give_the_same_version()
    {
        Assert.Equal(SourcePacker.Fingerprint(_repo.Folder), SourcePacker.Fingerprint(_repo.Folder));
    }

    [Theory]
    [InlineData("src/Lyceum.Client/LyceumClient.cs")]
    [InlineData("src/Lyceum.Interactive/Prelude/new.py")]
    [InlineData("Directory.Packages.props")]
    public void a_changed_source_gives_a_new_version(string file)
    {
        var before = SourcePacker.Fingerprint(_repo.Folder);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_repo.Folder, file))!);
        _repo.Write(file, "changed");

        Assert.NotEqual(before, SourcePacker.Fingerprint(_repo.Folder));
    }

    [Fact]
    public void build_output_and_other_projects_do_not_change_the_version()
    {
        var before = SourcePacker.Fingerprint(_repo.Folder);
        _repo.Write(Path.Combine("src", "Lyceum.Client", "obj", "project.assets.json"), "{}");
        Directory.CreateDirectory(Path.Combine(_repo.Folder, "src", "Lyceum.Local"));
        _repo.Write(Path.Combine("src", "Lyceum.Local", "Program.cs"), "");

        Assert.Equal(before, SourcePacker.Fingerprint(_repo.Folder));
    }

    [Fact]
    public async Task a_feed_packed_from_the_same_sources_is_reused_without_packing()
    {
        // These sources cannot pack (no SDK project content): reuse is the only way this call can succeed.
        var version = SourcePacker.VersionFor(SourcePacker.Fingerprint(_repo.Folder));
        var folder = Directory.CreateDirectory(Path.Combine(_home.Folder, "feeds", version)).FullName;
        foreach (var project in SourcePacker.Projects)
        {
            File.WriteAllText(Path.Combine(folder, $"{project}.{version}.nupkg"), "");
        }

        var (feed, reused) = await SourcePacker.GetOrPackAsync(_repo.Folder, _home.Folder);

        Assert.True(reused);
        Assert.Equal(new ExtensionFeed(folder, version), feed);
    }

    [Fact]
    public async Task an_extension_that_does_not_pack_is_reported_and_leaves_no_half_feed()
    {
        _repo.Write(Path.Combine("src", "Lyceum.Interactive", "Lyceum.Interactive.csproj"), "<Project><broken");

        var error = await Assert.ThrowsAsync<RunnerSetupException>(() => SourcePacker.GetOrPackAsync(_repo.Folder, _home.Folder));

        Assert.StartsWith("Could not pack Lyceum.Interactive from", error.Message);
        Assert.Contains("fix the build and run again", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_home.Folder, "feeds")));
    }

    public void Dispose()
    {
        _repo.Dispose();
        _home.Dispose();
    }
}
