namespace Lyceum.Runner.Tests;

public class RepositoryRootTests
{
    [Fact]
    public void repository_is_found_above_a_nested_folder()
    {
        var root = TestNotebooks.RepositoryRoot();

        Assert.Equal(root, RepositoryRoot.Find(null, Path.Combine(root, "src", "Lyceum.Runner")));
    }

    [Fact]
    public void a_folder_outside_any_repository_has_no_repository_so_the_extension_comes_from_nuget()
    {
        using var notebooks = new TestNotebooks();

        Assert.Null(RepositoryRoot.Find(null, notebooks.Folder));
    }

    [Fact]
    public void the_first_start_folder_inside_the_repository_wins()
    {
        using var notebooks = new TestNotebooks();
        var root = TestNotebooks.RepositoryRoot();

        Assert.Equal(root, RepositoryRoot.Find(null, notebooks.Folder, null, Path.Combine(root, "notebooks")));
    }

    [Fact]
    public void an_explicit_root_without_the_solution_is_rejected()
    {
        using var notebooks = new TestNotebooks();

        var error = Assert.Throws<RunnerUsageException>(() => RepositoryRoot.Find(notebooks.Folder));

        Assert.Contains("has no LyceumInteractive.sln", error.Message);
    }
}
