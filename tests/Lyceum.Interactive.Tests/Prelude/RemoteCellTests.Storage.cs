using Lyceum.Client;
using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Tests.Prelude;

public partial class RemoteCellTests
{
    private static readonly StorageCredentials Granted = new("AKIDLYCEUMTEST", "secret-for-the-test-0123456789", "token-for-the-test-abcdef",
        "http://127.0.0.1:9/s3", "lyceum-acct", "us-east-1", new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Fact]
    public async Task storage_credentials_reach_the_run_environment_but_not_the_cells_globals_or_its_output()
    {
        var cell = await CellOutcome.RunAsync("""
            import os
            env = {name: name in os.environ for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_S3")}
            print(all(env.values()), os.environ["AWS_ENDPOINT_URL_S3"], os.environ["AWS_REGION"], lyceum.bucket())
            print(os.environ["AWS_SECRET_ACCESS_KEY"] == "secret-for-the-test-0123456789")
            print(sorted(n for n in globals() if not n.startswith("__")))
            print(os.path.exists("lyceum_cell/inputs.json"))
            lyceum
            """, new CellOptions { Storage = Granted, Exports = ["*"], Session = true });

        Assert.True(cell.Run.ExitCode == 0, cell.ToString());
        Assert.Equal("True http://127.0.0.1:9/s3 us-east-1 lyceum-acct\nTrue\n['env', 'os']\nFalse\n", cell.Text);
        Assert.Contains("2030-01-02T03:04:05Z", cell.Single<ResultFrame>().Data["text/plain"]);
        Assert.DoesNotContain(Granted.SecretKey, cell.Run.Stdout + cell.Run.Stderr);
        Assert.DoesNotContain(Granted.SessionToken!, cell.Run.Stdout + cell.Run.Stderr);
    }

    [Fact]
    public async Task lyceum_s3_in_a_cell_without_storage_says_to_add_the_storage_option()
    {
        var cell = await CellOutcome.RunAsync("s3 = lyceum.s3()", new CellOptions { KernelName = "data" });

        Assert.Equal(1, cell.Run.ExitCode);
        // The cell's own line and the advice; not the prelude's frames.
        Assert.Equal(
            "Traceback (most recent call last):\n  File \"cell-1.py\", line 1, in <module>\n    s3 = lyceum.s3()\n"
            + "lyceum.LyceumStorageError: lyceum.s3() needs storage access: start the cell with #!data --storage (or give --storage to #!connect lyceum) and run it again.\n",
            RemoveCaretLines(cell.Run.Stderr));
    }

    [Fact]
    public async Task lyceum_s3_without_boto3_says_to_add_requirements_boto3_in_one_sentence()
    {
        var cell = await CellOutcome.RunAsync("s3 = lyceum.s3()", new CellOptions { Storage = Granted }, isolated: true);

        Assert.Equal(1, cell.Run.ExitCode);
        Assert.EndsWith(
            "ModuleNotFoundError: lyceum.s3() needs boto3, which this machine's Python does not have: add the line #!requirements boto3 to the cell and run it again.\n",
            cell.Run.Stderr);
        Assert.DoesNotContain("During handling", cell.Run.Stderr);
        Assert.DoesNotContain("lyceum_prelude", cell.Run.Stderr);
    }

    // Python 3.11 and newer underline the failing expression with a line of ^ and ~.
    private static string RemoveCaretLines(string text) =>
        string.Concat(text.Split('\n').Where(l => l.Trim().Trim('^', '~').Length > 0 || l.Length == 0).Select(l => l + "\n"))[..^1];
}
