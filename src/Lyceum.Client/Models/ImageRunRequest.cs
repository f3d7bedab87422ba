namespace Lyceum.Client;

/// <summary>A Docker image run.</summary>
/// <param name="DockerImageRef">The image, e.g. <c>python:3.12-slim</c>.</param>
public sealed record ImageRunRequest(string DockerImageRef)
{
    /// <summary>The command and its arguments; the image's default when null.</summary>
    public IReadOnlyList<string>? DockerRunCmd { get; init; }

    /// <summary>Environment variables for the container.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>The machine type. Default <c>cpu</c>.</summary>
    public string ExecutionType { get; init; } = "cpu";

    /// <summary>The run's time limit in seconds (1–600).</summary>
    public int? Timeout { get; init; }

    /// <summary>A name for the run.</summary>
    public string? FileName { get; init; }

    /// <summary>Mount the storage bucket at <c>/mnt/s3</c>. Default true.</summary>
    public bool EnableS3Mount { get; init; } = true;

    /// <summary>Registry credential type: <c>basic</c> or <c>aws</c>; null for a public image.</summary>
    public string? DockerRegistryCredentialType { get; init; }

    /// <summary>Registry user name (basic).</summary>
    public string? DockerUsername { get; init; }

    /// <summary>Registry password (basic). Never shown by <see cref="ToString"/>.</summary>
    public string? DockerPassword { get; init; }

    /// <summary>AWS access key id (aws).</summary>
    public string? AwsAccessKeyId { get; init; }

    /// <summary>AWS secret access key (aws). Never shown by <see cref="ToString"/>.</summary>
    public string? AwsSecretAccessKey { get; init; }

    /// <summary>AWS session token (aws). Never shown by <see cref="ToString"/>.</summary>
    public string? AwsSessionToken { get; init; }

    /// <summary>AWS region (aws).</summary>
    public string? AwsRegion { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"ImageRunRequest {{ DockerImageRef = {DockerImageRef}, ExecutionType = {ExecutionType}, Timeout = {Timeout}, FileName = {FileName} }}";
}
