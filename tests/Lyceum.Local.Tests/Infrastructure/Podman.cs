using System.Diagnostics;
using System.Formats.Tar;

namespace Lyceum.Local.Tests.Infrastructure;

/// <summary>
/// Podman set up as ../shared/containers.md describes (runc, cgroupfs, host ulimits) and a busybox image made locally
/// from busybox-static, since no registry is reachable.
/// </summary>
internal static class Podman
{
    public const string Image = "localhost/lyceum-local-test:busybox";
    private static readonly Lazy<Task> ImageBuilt = new(BuildImageAsync);
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "lyceum-local-podman");

    public static string? Cli => PodmanRequirement.Cli;

    /// <summary>podman-compose on PATH, or null.</summary>
    public static string? ComposeCli =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "podman-compose")).FirstOrDefault(File.Exists);

    public static ContainerRuntimeOptions Options()
    {
        Directory.CreateDirectory(Folder);
        var conf = Path.Combine(Folder, "containers.conf");
        if (!File.Exists(conf))
            File.WriteAllText(conf, "[containers]\ndefault_ulimits = []\n");
        return new ContainerRuntimeOptions
        {
            Cli = Cli!,
            GlobalArguments = ["--runtime", PodmanRequirement.Runc, "--cgroup-manager=cgroupfs"],
            RunArguments = ["--ulimit", "host", "--network=none"],
            Environment = new Dictionary<string, string> { ["CONTAINERS_CONF"] = conf },
        };
    }

    public static Task EnsureImageAsync() => ImageBuilt.Value;

    public static async Task<string> RunCliAsync(params string[] args)
    {
        var options = Options();
        var info = new ProcessStartInfo(options.Cli) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in options.GlobalArguments.Concat(args))
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in options.Environment)
            info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"podman {string.Join(' ', args)} failed: {output}");
        return output;
    }

    private static async Task BuildImageAsync()
    {
        var root = Path.Combine(Folder, "rootfs");
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        File.Copy(PodmanRequirement.Busybox!, Path.Combine(root, "bin", "busybox"), overwrite: true);
        Directory.CreateDirectory(Path.Combine(root, "mnt", "s3"));
        Directory.CreateDirectory(Path.Combine(root, "tmp"));
        var tar = Path.Combine(Folder, "rootfs.tar");
        File.Delete(tar);
        await TarFile.CreateFromDirectoryAsync(root, tar, includeBaseDirectory: false);
        await RunCliAsync("import", tar, Image);
    }
}
