using Lyceum.Local.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Lyceum.Local.Tests;

public sealed class RequirementsTests : IDisposable
{
    private readonly string _wheels = Path.Combine(Path.GetTempPath(), "lyceum-wheels-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task requirements_install_offline_from_a_local_wheel_stream_pip_output_and_reuse_the_environment()
    {
        Wheels.Build(_wheels, "lyceumtiny", "0.1.0", "def greet():\n    return 'hello from the wheel'\n");
        await using var server = await TestServer.StartAsync(o => o.PipArgs = $"--no-index --find-links {_wheels}");
        var body = new { code = "import lyceumtiny\nprint(lyceumtiny.greet())", requirements_content = "lyceumtiny==0.1.0\n", timeout = 300 };

        var (_, first) = await server.RunAsync(body);

        Assert.Equal("completed", Wire.Status(first));
        var text = Wire.Text(first);
        Assert.Contains("Successfully installed lyceumtiny-0.1.0", text);
        Assert.EndsWith("hello from the wheel\n", text);

        var (_, second) = await server.RunAsync(body);

        Assert.Equal("completed", Wire.Status(second));
        Assert.Contains("Reusing the environment", Wire.Text(second));
        Assert.DoesNotContain("Successfully installed", Wire.Text(second));
        Assert.Single(Directory.GetDirectories(Path.Combine(server.Server.DataDirectory, "venvs")));
    }

    [Fact]
    public async Task a_failed_install_ends_the_run_failed_user_with_pips_message_and_how_to_install_offline()
    {
        Directory.CreateDirectory(_wheels);
        await using var server = await TestServer.StartAsync(o => o.PipArgs = $"--no-index --find-links {_wheels}");

        var (id, messages) = await server.RunAsync(new { code = "print('never runs')", requirements_content = "no-such-package-anywhere==9.9", timeout = 300 });

        Assert.Equal("failed_user", Wire.Status(messages));
        Assert.DoesNotContain("never runs", Wire.Text(messages));
        var status = await server.GetJsonAsync($"execution/streaming/{id}/status");
        Assert.Contains("no-such-package-anywhere", status.GetProperty("errors").GetString());
        var output = Wire.Text(messages, "stderr");
        Assert.Contains("No matching distribution", output);
        foreach (var advice in new[] { "--pip-args \"--no-index --find-links DIR\"", "--python", "pip download -d DIR" })
            Assert.Contains(advice, output);
        Assert.Empty(Directory.GetDirectories(Path.Combine(server.Server.DataDirectory, "venvs")));
    }

    [Fact]
    public async Task a_long_requirements_install_does_not_count_against_the_runs_timeout_and_the_output_says_so()
    {
        using var index = new GatedPackageIndex(Wheels.Build(_wheels, "lyceumslow", "0.1.0", "X = 'installed'\n"));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(o => { o.PipArgs = $"--index-url {index.Url}"; o.TimeProvider = time; });
        var (_, url) = await server.StartRunAsync(new { code = "import lyceumslow\nprint('code ran:', lyceumslow.X)", requirements_content = "lyceumslow==0.1.0\n", timeout = 5 });
        var stream = RunStream.Open(url);

        // pip is waiting for the index: the install is under way while 40 s pass, far past the run's timeout of 5 s.
        await index.Requested;
        time.Advance(TimeSpan.FromSeconds(40));
        index.Release();
        var messages = await stream.Completion;

        Assert.Equal("completed", Wire.Status(messages));
        var text = Wire.Text(messages);
        Assert.Contains("[lyceum] Installing the requirements took 40 s; that does not count against the run's timeout of 5 s", text);
        Assert.EndsWith("code ran: installed\n", text);
    }

    [Fact]
    public async Task an_install_past_the_install_timeout_stops_the_run_with_status_timeout_naming_the_option()
    {
        using var index = new GatedPackageIndex(Wheels.Build(_wheels, "lyceumstuck", "0.1.0", "X = 1\n"));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(o =>
        {
            o.PipArgs = $"--index-url {index.Url}";
            o.TimeProvider = time;
            o.InstallTimeout = TimeSpan.FromSeconds(120);
        });
        var (id, url) = await server.StartRunAsync(new { code = "print('never runs')", requirements_content = "lyceumstuck==0.1.0\n", timeout = 600 });
        var stream = RunStream.Open(url);

        await index.Requested;
        time.Advance(TimeSpan.FromSeconds(121));
        var messages = await stream.Completion;

        Assert.Equal("timeout", Wire.Status(messages));
        Assert.DoesNotContain("never runs", Wire.Text(messages));
        var errors = (await server.GetJsonAsync($"execution/streaming/{id}/status")).GetProperty("errors").GetString();
        Assert.Contains("Installing the requirements took longer than 120 s", errors);
        Assert.Contains("--install-timeout", errors);
        Assert.Empty(Directory.GetDirectories(Path.Combine(server.Server.DataDirectory, "venvs")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_wheels))
            Directory.Delete(_wheels, recursive: true);
    }
}
