namespace Lyceum.Local.Tests.Infrastructure;

/// <summary>A fact that needs podman, runc and busybox-static; skipped with the install command when they are absent.</summary>
public sealed class PodmanFactAttribute : FactAttribute
{
    public PodmanFactAttribute()
    {
        if (Podman.Missing is { } missing)
            Skip = missing;
    }
}
