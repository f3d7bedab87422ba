using System.Net;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class ImportFileClashTests
{
    [Theory]
    [InlineData("main.py", """{"main.py":"x = 1"}""", "import_files.main.py")]
    [InlineData("main.py", """{"a":"x","a/b.py":"y"}""", "import_files.a")]
    [InlineData("lib/main.py", """{"lib":"x"}""", "import_files.lib")]
    [InlineData("lib", """{"lib/util.py":"x"}""", "file_name")]
    public async Task import_files_that_cannot_all_be_written_are_refused_with_400_naming_the_path(string fileName, string importFiles, string field)
    {
        await using var server = await TestServer.StartAsync();

        var response = await server.PostJsonAsync("execution/streaming/start", new { code = "print(1)", file_name = fileName, import_files = importFiles });

        var error = await Wire.AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(error.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        Assert.DoesNotContain(server.Server.DataDirectory, error.ToString());
        Assert.Equal(0, (await server.GetJsonAsync("workloads/list")).GetArrayLength());
        Assert.Equal(0, (await server.GetJsonAsync("billing/history")).GetProperty("total_executions").GetInt32());
    }

    [Fact]
    public async Task import_files_in_sibling_folders_are_written_beside_the_code()
    {
        await using var server = await TestServer.StartAsync();

        var (_, messages) = await server.RunAsync(new
        {
            code = "from lib import util\nfrom lib.sub import deep\nprint(util.X + deep.Y)",
            import_files = """{"lib/__init__.py":"","lib/util.py":"X = 40","lib/sub/__init__.py":"","lib/sub/deep.py":"Y = 2"}""",
        });

        Assert.Equal("completed", Wire.Status(messages));
        Assert.Equal("42\n", Wire.Text(messages));
    }
}
