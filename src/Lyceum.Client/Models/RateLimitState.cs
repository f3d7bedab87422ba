namespace Lyceum.Client;

/// <summary>The latest <c>X-RateLimit-*</c> values the service reported for one rate-limit category.</summary>
/// <param name="Category">The category: <c>auth</c>, <c>execution</c>, <c>storage</c>, <c>billing</c> or <c>other</c>.</param>
/// <param name="Limit">Requests allowed in the current window.</param>
/// <param name="Remaining">Requests left in the current window.</param>
/// <param name="Reset">When the window resets.</param>
public sealed record RateLimitState(string Category, int Limit, int Remaining, DateTimeOffset Reset);
