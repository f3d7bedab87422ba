using Lyceum.Tests;

namespace Lyceum.Local.Tests.Infrastructure;

/// <summary>A fact that runs compose files: skipped, with the install command, where podman or podman-compose is missing.</summary>
public sealed class PodmanComposeFactAttribute : FactAttribute
{
    public PodmanComposeFactAttribute()
    {
        if (PodmanRequirement.Missing is { } missing)
            Skip = "Needs podman: " + missing;
        else if (Podman.ComposeCli is null)
            Skip = "Needs podman-compose (apt-get install podman-compose)";
    }
}
