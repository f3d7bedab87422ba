namespace Lyceum.Runner.Tests;

public sealed class InteractiveToolTests : IDisposable
{
    private readonly TestNotebooks _folder = new();

    [Fact]
    public async Task a_missing_tool_manifest_is_named()
    {
        var error = await Assert.ThrowsAsync<RunnerSetupException>(() => InteractiveTool.RestoreAsync(_folder.Folder));

        Assert.Contains(Path.Combine(".config", "dotnet-tools.json"), error.Message);
    }

    [Fact]
    public async Task a_tool_restore_failure_says_what_to_check_and_what_dotnet_said()
    {
        Directory.CreateDirectory(Path.Combine(_folder.Folder, ".config"));
        _folder.Write(Path.Combine(".config", "dotnet-tools.json"), "{ this is not json");

        var error = await Assert.ThrowsAsync<RunnerSetupException>(() => InteractiveTool.RestoreAsync(_folder.Folder));

        Assert.StartsWith("Could not restore the pinned dotnet-interactive tool", error.Message);
        Assert.Contains("dotnet-tools.json", error.Message.Split("It said:")[1]);
    }

    [Fact]
    public async Task an_extension_that_does_not_pack_is_reported_with_the_project_and_the_fix()
    {
        var error = await Assert.ThrowsAsync<RunnerSetupException>(() => ExtensionFeed.PackAsync(_folder.Folder));

        Assert.StartsWith("Could not pack Lyceum.Interactive from", error.Message);
        Assert.Contains("fix the build and run again", error.Message);
    }

    public void Dispose() => _folder.Dispose();
}
