namespace Lyceum.Tests;

/// <summary>
/// A fact that runs containers: skipped, with the reason and the install command, where podman, runc or
/// busybox-static is missing. Every test project uses this one attribute, so a machine without podman reports the
/// same skips everywhere instead of failures in some projects.
/// </summary>
public sealed class RequiresPodmanFactAttribute : FactAttribute
{
    /// <summary>Marks the test skipped when <see cref="PodmanRequirement.Missing"/> names something.</summary>
    public RequiresPodmanFactAttribute()
    {
        if (PodmanRequirement.Missing is { } missing)
        {
            Skip = "Needs podman: " + missing;
        }
    }
}
