using System.Diagnostics;
using System.Formats.Tar;
using Lyceum.Client;
using Lyceum.Local;

namespace Lyceum.Interactive.Tests.Infrastructure;

/// <summary>A Lyceum Local whose image runs use podman (as ../shared/containers.md sets it up) with a busybox image
/// imported from busybox-static, since no registry is reachable. Tests using it are <see cref="RequiresPodmanFactAttribute"/>s,
/// skipped where podman is missing; <see cref="Missing"/> says why podman, though installed, could not make the image.</summary>
public sealed class ImageServerFixture : IAsyncLifetime
{
    public const string Image = "localhost/lyceum-interactive-test:busybox";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("lyceum-interactive-podman-");
    private LyceumLocalServer? _server;

    public string? Missing { get; private set; }

    public LyceumLocalServer Server => _server ?? throw new InvalidOperationException(Missing);

    public LyceumClient NewClient() => new(LyceumCredential.FromApiKey(Server.ApiKey), new LyceumClientOptions { Endpoint = Server.BaseUrl });

    public async Task InitializeAsync()
    {
        if (PodmanRequirement.Missing is { } missing)
        {
            Missing = missing;
            return;
        }
        var conf = Path.Combine(_folder.FullName, "containers.conf");
        await File.WriteAllTextAsync(conf, "[containers]\ndefault_ulimits = []\n");
        var runtime = new ContainerRuntimeOptions
        {
            Cli = PodmanRequirement.Cli!,
            GlobalArguments = ["--runtime", PodmanRequirement.Runc, "--cgroup-manager=cgroupfs"],
            RunArguments = ["--ulimit", "host", "--network=none"],
            Environment = new Dictionary<string, string> { ["CONTAINERS_CONF"] = conf },
        };
        var root = Directory.CreateDirectory(Path.Combine(_folder.FullName, "rootfs"));
        foreach (var dir in new[] { "bin", "tmp", "mnt/s3" })
            root.CreateSubdirectory(dir);
        File.Copy(PodmanRequirement.Busybox!, Path.Combine(root.FullName, "bin", "busybox"));
        var tar = Path.Combine(_folder.FullName, "rootfs.tar");
        await TarFile.CreateFromDirectoryAsync(root.FullName, tar, includeBaseDirectory: false);
        var import = new ProcessStartInfo(runtime.Cli, [.. runtime.GlobalArguments, "import", tar, Image]) { RedirectStandardOutput = true, RedirectStandardError = true };
        import.Environment["CONTAINERS_CONF"] = conf;
        using var process = Process.Start(import)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            Missing = "podman import failed: " + error;
            return;
        }
        _server = await LyceumLocalServer.StartAsync(new LyceumLocalOptions { ContainerRuntime = runtime });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        _folder.Delete(recursive: true);
    }
}
