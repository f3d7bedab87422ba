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
    public void outside_the_repository_the_host_is_pinned_by_the_manifest_the_runner_carries()
    {
        var folder = InteractiveTool.WriteCarriedManifest(_folder.Folder);

        Assert.Equal(Path.Combine(_folder.Folder, "host"), folder);
        var carried = File.ReadAllText(Path.Combine(folder, ".config", "dotnet-tools.json"));
        Assert.Equal(File.ReadAllText(Path.Combine(TestNotebooks.RepositoryRoot(), ".config", "dotnet-tools.json")), carried);
        Assert.Contains("\"microsoft.dotnet-interactive\"", carried);
    }

    [Fact]
    public void a_carried_manifest_someone_edited_is_put_back()
    {
        var folder = InteractiveTool.WriteCarriedManifest(_folder.Folder);
        File.WriteAllText(Path.Combine(folder, ".config", "dotnet-tools.json"), "{}");

        InteractiveTool.WriteCarriedManifest(_folder.Folder);

        Assert.Equal(InteractiveTool.PinnedManifest, File.ReadAllText(Path.Combine(folder, ".config", "dotnet-tools.json")));
    }

    public void Dispose() => _folder.Dispose();
}
