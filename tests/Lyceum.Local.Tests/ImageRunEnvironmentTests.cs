using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class ImageRunEnvironmentTests
{
    [RequiresPodmanFact]
    public async Task docker_run_env_reaches_the_container_without_changing_the_container_clis_own_environment()
    {
        await Podman.EnsureImageAsync();
        await using var server = await TestServer.StartAsync(o => o.ContainerRuntime = Podman.Options());

        var messages = await ImageRunTests.RunImageAsync(server, new
        {
            docker_image_ref = Podman.Image,
            docker_run_cmd = new[] { "/bin/busybox", "sh", "-c", "echo \"$PATH|$CONTAINERS_CONF|$HOME\"" },
            docker_run_env = "PATH=/opt/tools/bin\nCONTAINERS_CONF=/nonexistent.conf\nHOME=/work\n",
            enable_s3_mount = false,
        });

        Assert.Equal("completed", Wire.Status(messages));
        Assert.Equal("/opt/tools/bin|/nonexistent.conf|/work\n", Wire.Text(messages, "stdout"));
        // The values went through a file only this user could read, removed when the run ended.
        Assert.Empty(Directory.GetFiles(server.Server.DataDirectory, "container.env", SearchOption.AllDirectories));
    }
}
