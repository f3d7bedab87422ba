using System.Text.Json;
using Lyceum.Local.Hosting;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class RunEnvironmentTests : IDisposable
{
    private const string PrintEnvironment = "import json, os\nprint(json.dumps(dict(os.environ)))";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "lyceum-local-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task a_run_sees_neither_the_servers_secrets_nor_any_other_server_variable()
    {
        const string key = "lk_local_secret_from_the_environment";
        const string password = "server-password-from-the-environment";
        var environment = new Dictionary<string, string>
        {
            [CommandLine.ApiKeyVariable] = key,
            [CommandLine.PasswordVariable] = password,
            ["AWS_SECRET_ACCESS_KEY"] = "operator-cloud-secret",
            ["LYCEUM_API_KEY"] = "lk_live_operator_key",
        };
        using var child = await ChildServer.StartAsync(_data, environment);
        using var http = child.Client(key);
        var start = await TestServer.JsonAsync(await http.PostAsync("execution/streaming/start",
            new StringContent(JsonSerializer.Serialize(new { code = PrintEnvironment }), System.Text.Encoding.UTF8, "application/json")));

        var output = Wire.Text(await TestServer.ReadSseAsync(start.GetProperty("streaming_url").GetString()!));

        foreach (var secret in new[] { key, password, "operator-cloud-secret", "lk_live_operator_key" })
            Assert.DoesNotContain(secret, output);
        var seen = JsonDocument.Parse(output).RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(seen, name => Assert.True(Allowed(name), $"the run saw the server's {name}"));
    }

    [Fact]
    public async Task a_runs_home_and_temp_folder_are_its_own_and_writable()
    {
        await using var server = await TestServer.StartAsync();

        var (_, messages) = await server.RunAsync(new
        {
            code = "import os, tempfile\nopen(os.path.expanduser('~/note'), 'w').write('x')\nprint(os.environ['HOME'] != os.environ['TMPDIR'], tempfile.gettempdir() == os.environ['TMPDIR'], os.environ['LYCEUM_EXECUTION_ID'] != '')",
        });

        Assert.Equal("completed", Wire.Status(messages));
        Assert.Equal("True True True\n", Wire.Text(messages));
        Assert.NotEqual(Environment.GetEnvironmentVariable("HOME"), await HomeOfARunAsync(server));
    }

    [Fact]
    public async Task two_runs_do_not_share_a_home()
    {
        await using var server = await TestServer.StartAsync();

        Assert.NotEqual(await HomeOfARunAsync(server), await HomeOfARunAsync(server));
    }

    private static async Task<string> HomeOfARunAsync(TestServer server)
    {
        var (_, messages) = await server.RunAsync(new { code = "import os\nprint(os.environ['HOME'], end='')" });
        return Wire.Text(messages);
    }

    /// <summary>What a run may see: what it needs to run Python, and Lyceum's own variables.</summary>
    private static bool Allowed(string name) =>
        name is "PATH" or "HOME" or "XDG_CACHE_HOME" or "TMPDIR" or "TMP" or "TEMP" or "LANG" or "LANGUAGE" or "TZ" or "LYCEUM_EXECUTION_ID" or "VIRTUAL_ENV"
            or "PYTHONUNBUFFERED" or "PYTHONIOENCODING" or "PYTHONDONTWRITEBYTECODE"
            // Set by the POSIX shell that watches the run (its working folder).
            or "PWD"
        || name.StartsWith("LC_", StringComparison.Ordinal);

    public void Dispose()
    {
        if (Directory.Exists(_data))
            Directory.Delete(_data, recursive: true);
    }
}
