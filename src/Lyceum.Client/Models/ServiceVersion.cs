namespace Lyceum.Client;

/// <summary>The service's version.</summary>
/// <param name="Version">The build version.</param>
/// <param name="ApiVersion">The API version, e.g. <c>v2</c>.</param>
public sealed record ServiceVersion(string Version, string ApiVersion);
