using Lyceum.Local.Tests.Infrastructure;

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

    public void Dispose()
    {
        if (Directory.Exists(_wheels))
            Directory.Delete(_wheels, recursive: true);
    }
}
