namespace Lyceum.Local.Hosting;

/// <summary>Resolved settings the endpoints need.</summary>
internal sealed record LocalSettings(string DataDirectory, string Python, string StreamScheme, bool RateLimits);
