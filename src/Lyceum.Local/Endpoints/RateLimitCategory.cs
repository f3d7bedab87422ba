namespace Lyceum.Local.Endpoints;

/// <summary>Endpoint metadata naming the documented rate-limit category an endpoint counts against.</summary>
internal sealed record RateLimitCategory(string Name);
