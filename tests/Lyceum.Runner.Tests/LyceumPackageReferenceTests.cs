namespace Lyceum.Runner.Tests;

public class LyceumPackageReferenceTests
{
    private const string Feed = "/tmp/feed";
    private const string Version = "0.1.0-local.20261128090000.rabc123";

    [Theory]
    [InlineData("#r \"nuget:Lyceum.Interactive\"")]
    [InlineData("#r \"nuget:Lyceum.Interactive,0.1.0\"")]
    [InlineData("#r \"nuget:Lyceum.Interactive, *-*\"")]
    [InlineData("#r \"nuget: lyceum.interactive\"")]
    public void extension_reference_is_pinned_to_the_local_feed_and_version(string line)
    {
        var rewritten = LyceumPackageReference.Rewrite(line + "\nConsole.WriteLine(1);", Feed, Version);

        Assert.Equal(
            $"#i \"nuget:{Feed}\"\n#r \"nuget:lyceum.interactive,{Version}\"\nConsole.WriteLine(1);",
            rewritten,
            ignoreCase: true);
    }

    [Fact]
    public void client_reference_is_pinned_too_because_the_extension_depends_on_that_version()
    {
        Assert.Equal(
            $"#i \"nuget:{Feed}\"\n#r \"nuget:Lyceum.Client,{Version}\"",
            LyceumPackageReference.Rewrite("#r \"nuget:Lyceum.Client,1.0.0\"", Feed, Version));
    }

    [Fact]
    public void indentation_and_windows_line_ends_are_kept()
    {
        Assert.Equal(
            $"  #i \"nuget:{Feed}\"\n  #r \"nuget:Lyceum.Interactive,{Version}\"\r\nx",
            LyceumPackageReference.Rewrite("  #r \"nuget:Lyceum.Interactive\"\r\nx", Feed, Version));
    }

    [Theory]
    [InlineData("#r \"nuget:Newtonsoft.Json\"")]
    [InlineData("#r \"nuget:Lyceum.InteractiveExtras\"")]
    [InlineData("// #r \"nuget:Lyceum.Interactive\" is how you load it")]
    [InlineData("var s = \"#r \\\"nuget:Lyceum.Interactive\\\"\";")]
    public void other_lines_are_left_as_written(string code)
    {
        Assert.Equal(code, LyceumPackageReference.Rewrite(code, Feed, Version));
        Assert.False(LyceumPackageReference.IsReferencedBy(code));
    }

    [Fact]
    public void a_notebook_loading_the_extension_is_recognised()
    {
        Assert.True(LyceumPackageReference.IsReferencedBy("// setup\n#r \"nuget:Lyceum.Interactive\"\n#!lyceum status"));
    }

    [Fact]
    public void a_source_pack_version_is_a_valid_prerelease_carrying_the_hash()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+-src-0123456789abcdef$", SourcePacker.VersionFor("0123456789abcdef"));
    }
}
