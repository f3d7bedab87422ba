namespace Lyceum.Tests;

/// <summary>
/// Whether this machine can run containers as ../shared/containers.md sets podman up (podman with runc, and
/// busybox-static to build a test image without a registry). Linked into every test project so that all of them
/// skip the same way, with the same reason.
/// </summary>
internal static class PodmanRequirement
{
    /// <summary>The runtime podman is told to use (cgroupfs, no systemd).</summary>
    public const string Runc = "/usr/sbin/runc";

    /// <summary>The podman executable on PATH, or null.</summary>
    public static string? Cli => FindOnPath("podman");

    /// <summary>The static busybox the test image is made of, or null.</summary>
    public static string? Busybox => new[] { "/bin/busybox", "/usr/bin/busybox" }.FirstOrDefault(File.Exists);

    /// <summary>Why container tests cannot run here, with the command that fixes it; null when they can.</summary>
    public static string? Missing =>
        Cli is null ? "podman is not installed (apt-get install podman runc busybox-static)"
        : !File.Exists(Runc) ? "runc is not installed (apt-get install runc)"
        : Busybox is null ? "busybox-static is not installed (apt-get install busybox-static)"
        : null;

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
