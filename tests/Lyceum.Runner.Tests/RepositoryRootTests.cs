namespace Lyceum.Runner.Tests;

public class RepositoryRootTests
{
    [Fact]
    public void repository_is_found_above_a_nested_folder()
    {
        var root = TestNotebooks.RepositoryRoot();

        Assert.Equal(root, RepositoryRoot.Locate(null, Path.Combine(root, "src", "Lyceum.Runner")));
    }

    [Fact]
    public void a_folder_outside_any_repository_gets_an_error_naming_the_fix()
    {
        using var notebooks = new TestNotebooks();

        var error = Assert.Throws<RunnerUsageException>(() => RepositoryRoot.Locate(null, notebooks.Folder));

        Assert.Contains("--repo-root", error.Message);
    }

    [Fact]
    public void an_explicit_root_without_the_solution_is_rejected()
    {
        using var notebooks = new TestNotebooks();

        var error = Assert.Throws<RunnerUsageException>(() => RepositoryRoot.Locate(notebooks.Folder));

        Assert.Contains("has no LyceumInteractive.sln", error.Message);
    }
}
